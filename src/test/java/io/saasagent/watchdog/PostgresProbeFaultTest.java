package io.saasagent.watchdog;

import io.saasagent.testing.PrivatePostgres;

class PostgresProbeFaultTest extends ProbeFaultScenarios<PrivatePostgres> {
    PostgresProbeFaultTest() {
        super("postgres", "/" + PrivatePostgres.DATABASE, "app", "pg-probe-Secret-1");
    }

    @Override
    protected PrivatePostgres startServer() {
        return new PrivatePostgres().withPasswordUser("app", password).start();
    }
}
