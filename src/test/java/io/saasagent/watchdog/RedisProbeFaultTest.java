package io.saasagent.watchdog;

import io.saasagent.testing.PrivateRedis;

import java.util.Map;

class RedisProbeFaultTest extends ProbeFaultScenarios<PrivateRedis> {
    private static final String PASSWORD = "redis-probe-Secret-1";

    @Override
    protected PrivateRedis startServer() {
        return new PrivateRedis(PASSWORD).start();
    }

    @Override
    protected String type() {
        return "redis";
    }

    @Override
    protected String url(String hostPort, String userinfo) {
        return "redis://" + (userinfo == null ? "" : userinfo + "@") + hostPort;
    }

    @Override
    protected Map<String, String> credentials() {
        return Map.of("password", PASSWORD);
    }

    @Override
    protected String wrongUserinfo() {
        return ":" + CANARY;
    }
}
