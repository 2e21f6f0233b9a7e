package io.saasagent.watchdog;

import io.saasagent.testing.PrivateRedis;

class RedisProbeFaultTest extends ProbeFaultScenarios<PrivateRedis> {
    RedisProbeFaultTest() {
        super("redis", "", null, "redis-probe-Secret-1");
    }

    @Override
    protected PrivateRedis startServer() {
        return new PrivateRedis(password).start();
    }
}
