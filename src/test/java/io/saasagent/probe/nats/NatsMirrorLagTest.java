package io.saasagent.probe.nats;

import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeContext;
import io.saasagent.probe.ProbeFactory;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.ProbeTarget;
import io.saasagent.probe.TestTargets;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.Mirror;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.saasagent.testing.Await;
import io.saasagent.testing.MutableClock;
import io.saasagent.testing.PrivateNats;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The NATS RPO contract against a real origin stream and a real mirror on a private nats-server.
 *
 * <p>Stopping a mirror on nats-server 2.9.10: it has no pause for mirrors, and a mirror's source
 * cannot be changed. What really stops one is a limit it may not pass: updating the mirror to
 * {@code max_msgs} = its current count with {@code discard: new} makes the server refuse every
 * further mirrored message ("maximum messages exceeded"), so the mirror's last_seq stays put while
 * the origin goes on. (Its own {@code mirror.lag} field stays 0 meanwhile, which is why the probe
 * compares the two streams' last sequences.)
 */
@Timeout(60)
class NatsMirrorLagTest {
    private static final int RATE = 50;
    private static PrivateNats nats;
    private static Connection connection;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        long begin = System.nanoTime();
        nats = new PrivateNats().start();
        System.out.printf("[probe-tests] private nats (JetStream) started in %d ms%n", (System.nanoTime() - begin) / 1_000_000);
        connection = Nats.connect(nats.url());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        connection.close();
        nats.close();
        vertx.close();
    }

    /** A fresh origin stream (subjects {@code <origin>.>}) and its mirror, with unique names; returns {origin, mirror}. */
    private static String[] originAndMirror() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String origin = "ORDERS_" + id;
        String mirror = "ORDERS_" + id + "_MIRROR";
        JetStreamManagement jsm = connection.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(origin).subjects(origin + ".>").storageType(StorageType.Memory).build());
        jsm.addStream(StreamConfiguration.builder().name(mirror).storageType(StorageType.Memory)
                .mirror(Mirror.builder().sourceName(origin).build()).build());
        return new String[] {origin, mirror};
    }

    /** Stops the mirror where it is: see the class comment. */
    private static void freeze(String mirror) throws Exception {
        JetStreamManagement jsm = connection.jetStreamManagement();
        StreamInfo info = jsm.getStreamInfo(mirror);
        long count = Math.max(1, info.getStreamState().getMsgCount());
        jsm.updateStream(StreamConfiguration.builder(info.getConfiguration()).maxMessages(count).discardPolicy(DiscardPolicy.New).build());
    }

    private static ProbeTarget target(String origin, String mirror, Clock clock, Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(extra);
        keys.put("mirrors." + origin, mirror);
        keys.put("timeout", "1s");
        keys.put("interval", "1s");
        return TestTargets.target("nats", "nats", nats.url(), keys, clock);
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> mirrorEntry(ProbeResult result, String mirror) {
        if (result == null || !(result.details().get("mirrors") instanceof Map<?, ?> mirrors)) {
            return Optional.empty();
        }
        return Optional.ofNullable((Map<String, Object>) mirrors.get(mirror));
    }

    @Test
    void lagGrowsWhileTheMirrorIsStoppedAndItsSecondsAreTheAgeOfTheOldestMissingMessage() throws Exception {
        String[] names = originAndMirror();
        String origin = names[0];
        String mirror = names[1];
        JetStream js = connection.jetStream();
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        AtomicReference<ProbeResult> last = new AtomicReference<>();
        ProbeTarget target = target(origin, mirror, Clock.systemUTC(),
                Map.of("mirror-lag-warn", "1s", "agent.failover.rpo-warn", "1s", "agent.failover.rpo-objective", "3s"));
        ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();
        try (Probe probe = ProbeFactory.create(target, new ProbeContext(vertx))) {
            publisher.scheduleAtFixedRate(() -> {
                try {
                    js.publish(origin + ".created", "order".getBytes());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 1000 / RATE, TimeUnit.MILLISECONDS);
            prober.scheduleWithFixedDelay(() -> last.set(probe.check()), 0, 200, TimeUnit.MILLISECONDS);

            Map<String, Object> caughtUp = Await.value(Duration.ofSeconds(10), "the mirror followed within a second",
                    () -> mirrorEntry(last.get(), mirror).filter(m -> (double) m.get("lag_seconds") < 1.0));
            assertThat(caughtUp).containsEntry("origin", origin).containsEntry("rpo_breach", false);
            assertThat(last.get().outcome()).isEqualTo(ProbeResult.Outcome.UP);

            freeze(mirror);
            Map<String, Object> first = Await.value(Duration.ofSeconds(15), "100 messages of lag",
                    () -> mirrorEntry(last.get(), mirror).filter(m -> (long) m.get("lag_messages") >= 100));
            long grown = (long) first.get("lag_messages") + RATE;
            ProbeResult breached = Await.value(Duration.ofSeconds(15), "lag grown by a second of publishing, past the RPO",
                    () -> Optional.ofNullable(last.get()).filter(r -> mirrorEntry(r, mirror)
                            .filter(m -> (long) m.get("lag_messages") >= grown && (boolean) m.get("rpo_breach")).isPresent()));
            Map<String, Object> entry = mirrorEntry(breached, mirror).orElseThrow();
            long lagMessages = (long) entry.get("lag_messages");
            double expectedSeconds = (double) lagMessages / RATE;
            System.out.printf("[probe-tests] mirror lag %d messages, reported %.2f s at %.1f msg/s measured; messages / %d msg/s = %.2f s%n",
                    lagMessages, (double) entry.get("lag_seconds"), (double) entry.get("rate_per_second"), RATE, expectedSeconds);
            assertThat(entry).as("the exact age of the oldest missing message, close to messages / rate")
                    .containsEntry("lag_method", "oldest_message").containsEntry("stale", false);
            assertThat((double) entry.get("lag_seconds")).isCloseTo(expectedSeconds, within(expectedSeconds * 0.2));
            assertThat((double) entry.get("rate_per_second")).isCloseTo(RATE, within(RATE * 0.2));
            assertThat((Double) entry.get("last_active_seconds")).isNotNull().isNotNegative();
            assertThat(breached.outcome()).isEqualTo(ProbeResult.Outcome.DEGRADED);
            assertThat(breached.error()).contains("mirror " + mirror).contains("breaches the RPO of 3 s");
        } finally {
            publisher.shutdownNow();
            prober.shutdownNow();
            prober.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void withNoPublishRateTheLagIsTheAgeOfTheOldestUnreplicatedMessage() throws Exception {
        String[] names = originAndMirror();
        String origin = names[0];
        String mirror = names[1];
        JetStream js = connection.jetStream();
        for (int i = 0; i < 10; i++) {
            js.publish(origin + ".created", "order".getBytes());
        }
        JetStreamManagement jsm = connection.jetStreamManagement();
        Await.until(Duration.ofSeconds(10), "the mirror caught up", () -> {
            try {
                return jsm.getStreamInfo(mirror).getStreamState().getLastSequence() == 10;
            } catch (Exception e) {
                return false;
            }
        });
        freeze(mirror);
        for (int i = 0; i < 5; i++) {
            js.publish(origin + ".created", "order".getBytes());
        }
        Instant firstUnreplicated = jsm.getMessage(origin, 11).getTime().toInstant();
        MutableClock clock = new MutableClock(firstUnreplicated.plusSeconds(200));
        ProbeTarget target = target(origin, mirror, clock, Map.of("mirrors.NO_SUCH_STREAM", "NO_SUCH_MIRROR"));
        try (Probe probe = ProbeFactory.create(target, new ProbeContext(vertx))) {
            ProbeResult warn = probe.check();
            Map<String, Object> entry = mirrorEntry(warn, mirror).orElseThrow();
            assertThat(entry).containsEntry("lag_messages", 5L).containsEntry("lag_method", "oldest_message")
                    .containsEntry("rpo_breach", false);
            assertThat((double) entry.get("lag_seconds")).isCloseTo(200, within(1.0));
            assertThat(warn.outcome()).isEqualTo(ProbeResult.Outcome.DEGRADED);
            assertThat(warn.error()).contains("mirror " + mirror + " lag 200 s over 180 s")
                    .contains("stream NO_SUCH_STREAM not found");
            assertThat(mirrorEntry(warn, "NO_SUCH_MIRROR")).hasValueSatisfying(m -> assertThat(m)
                    .containsEntry("lag_seconds", null).containsEntry("stale", true).containsEntry("reason", "stream NO_SUCH_STREAM not found"));

            clock.advance(Duration.ofSeconds(100)); // nothing published meanwhile: the rate is 0
            entry = mirrorEntry(probe.check(), mirror).orElseThrow();
            assertThat(entry).containsEntry("lag_method", "oldest_message").containsEntry("rate_per_second", 0.0)
                    .containsEntry("rpo_breach", true);
            assertThat((double) entry.get("lag_seconds")).isCloseTo(300, within(1.0));
        }
    }
}
