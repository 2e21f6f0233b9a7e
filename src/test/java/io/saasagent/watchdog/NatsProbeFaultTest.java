package io.saasagent.watchdog;

import io.saasagent.testing.PrivateNats;

import java.util.Map;

class NatsProbeFaultTest extends ProbeFaultScenarios<PrivateNats> {
    private static final String USER = "probe";
    private static final String PASSWORD = "nats-probe-Secret-1";

    @Override
    protected PrivateNats startServer() {
        return new PrivateNats().withCredentials(USER, PASSWORD).start();
    }

    @Override
    protected String type() {
        return "nats";
    }

    @Override
    protected String url(String hostPort, String userinfo) {
        return "nats://" + (userinfo == null ? "" : userinfo + "@") + hostPort;
    }

    @Override
    protected Map<String, String> credentials() {
        return Map.of("username", USER, "password", PASSWORD);
    }

    @Override
    protected String wrongUserinfo() {
        return USER + ":" + CANARY;
    }
}
