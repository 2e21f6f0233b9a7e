package io.saasagent.watchdog;

import io.saasagent.testing.PrivatePostgres;

import java.util.Map;

class PostgresProbeFaultTest extends ProbeFaultScenarios<PrivatePostgres> {
    private static final String USER = "app";
    private static final String PASSWORD = "pg-probe-Secret-1";

    @Override
    protected PrivatePostgres startServer() {
        return new PrivatePostgres().withPasswordUser(USER, PASSWORD).start();
    }

    @Override
    protected String type() {
        return "postgres";
    }

    @Override
    protected String url(String hostPort, String userinfo) {
        return "postgresql://" + (userinfo == null ? "" : userinfo + "@") + hostPort + "/" + PrivatePostgres.DATABASE;
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
