package io.saasagent.probe.nats;
import io.saasagent.probe.ProbeFactory;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.ProbeContext;
import io.saasagent.probe.Probe;

import io.saasagent.probe.ProbeTarget;
import io.saasagent.probe.TestTargets;

import io.saasagent.testing.Await;
import io.saasagent.testing.FreePorts;
import io.saasagent.testing.RawProbes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A NATS server without JetStream answers, but serves no streams: degraded, not down. (PrivateNats
 * always enables JetStream, so this one server is started by hand.)
 */
@Timeout(30)
class NatsWithoutJetStreamTest {

    @Test
    void answeringServerWithoutJetStreamIsDegraded() throws IOException, InterruptedException {
        int port = FreePorts.next();
        Process server = new ProcessBuilder("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        try {
            Await.until(Duration.ofSeconds(10), "nats-server without JetStream answering", () -> {
                try {
                    return "PONG".equals(RawProbes.natsPing("127.0.0.1", port, null, null, Duration.ofMillis(500)));
                } catch (IOException e) {
                    return false;
                }
            });
            ProbeTarget target = TestTargets.target("nats", "nats", "nats://127.0.0.1:" + port,
                    Map.of("mirrors.ORDERS", "ORDERS_MIRROR"), Clock.systemUTC());
            try (Probe probe = ProbeFactory.create(target, new ProbeContext(null))) {
                ProbeResult r = probe.check();
                assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.DEGRADED);
                assertThat(r.error()).isEqualTo("jetstream unavailable: nothing answers the JetStream API");
                assertThat(r.details()).containsEntry("status", "connected").doesNotContainKeys("jetstream", "mirrors");
            }
        } finally {
            server.destroyForcibly().waitFor();
        }
    }
}
