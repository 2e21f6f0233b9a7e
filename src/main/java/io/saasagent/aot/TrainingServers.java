package io.saasagent.aot;

import java.io.IOException;

/**
 * The JVM image's AOT-training partners: NATS, Redis and PostgreSQL stand-ins on free loopback ports, so the training
 * start (src/main/docker/aot-train.sh) runs each probe's answered path (its protocol's decoding, the first round a
 * pod runs) and not only its connection-refused path. The image build has no servers and its runtime base no
 * compiler, hence these few classes in the agent's jar; the agent never starts them, and the native image does not
 * reach them. Run in a JVM of their own, they print one line, {@code nats=PORT redis=PORT postgres=PORT}, and serve
 * until killed.
 */
public final class TrainingServers implements AutoCloseable {
    final NatsStub nats;
    final RedisStub redis;
    final PostgresStub postgres;

    TrainingServers() throws IOException {
        nats = new NatsStub();
        redis = new RedisStub();
        postgres = new PostgresStub();
    }

    String ports() {
        return "nats=" + nats.port() + " redis=" + redis.port() + " postgres=" + postgres.port();
    }

    @Override
    public void close() throws IOException {
        nats.close();
        redis.close();
        postgres.close();
    }

    public static void main(String[] args) throws Exception {
        try (TrainingServers servers = new TrainingServers()) {
            System.out.println(servers.ports());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
