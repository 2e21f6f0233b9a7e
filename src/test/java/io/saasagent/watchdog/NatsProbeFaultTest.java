package io.saasagent.watchdog;

import io.saasagent.testing.PrivateNats;

class NatsProbeFaultTest extends ProbeFaultScenarios<PrivateNats> {
    NatsProbeFaultTest() {
        super("nats", "", "probe", "nats-probe-Secret-1");
    }

    @Override
    protected PrivateNats startServer() {
        return new PrivateNats().withCredentials("probe", password).start();
    }
}
