package io.saasagent.metrics;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.saasagent.config.TestConfigs;
import io.saasagent.config.DependencyType;
import io.saasagent.probe.nats.MirrorReadings;
import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeContext;
import io.saasagent.probe.ProbeFactory;
import io.saasagent.probe.ProbeTarget;
import io.saasagent.probe.TestTargets;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.Mirror;
import io.nats.client.api.Placement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.saasagent.state.DependencyState;
import io.saasagent.testing.Await;
import io.saasagent.testing.FreePorts;
import io.saasagent.testing.PrivateNats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nats-servers as two clusters joined by a gateway: the origin stream in one (the primary
 * region), its mirror in the other, the probe connected on the mirror's side. The origin's server
 * stopped: the local connection is still healthy, and the mirror's lag is kept, stale, growing.
 */
@Timeout(90)
class NatsMirrorAcrossGatewayTest {

    private static String config(String name, int cluster, int gateway, String other, int otherGateway) {
        // A JetStream cluster needs routes configured: one to itself is enough for a one-server cluster.
        return "server_name: " + name + "\n"
                + "cluster { name: " + name + ", listen: \"127.0.0.1:" + cluster + "\", routes: [\"nats://127.0.0.1:" + cluster + "\"] }\n"
                + "gateway { name: " + name + ", listen: \"127.0.0.1:" + gateway + "\", gateways: [{ name: " + other
                + ", url: \"nats://127.0.0.1:" + otherGateway + "\" }] }\n";
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> mirror(DependencyState state) {
        return Optional.ofNullable((Map<String, Object>) MirrorReadings.of(state.snapshot().details()).get("ORDERS_DR"));
    }

    @Test
    void theOriginsServerStoppedLeavesTheConnectionHealthyAndTheLagStaleAndGrowing() throws Exception {
        int gatewayA = FreePorts.next();
        int gatewayB = FreePorts.next();
        try (PrivateNats primary = new PrivateNats().withConfig(config("A", FreePorts.next(), gatewayA, "B", gatewayB));
             PrivateNats dr = new PrivateNats().withConfig(config("B", FreePorts.next(), gatewayB, "A", gatewayA))) {
            primary.start();
            dr.start();
            try (Connection c = Nats.connect(primary.url())) {
                JetStreamManagement jsm = c.jetStreamManagement();
                Await.until(Duration.ofSeconds(30), "JetStream elected a meta leader across the gateway", () -> {
                    try {
                        jsm.getAccountStatistics();
                        return true;
                    } catch (Exception e) {
                        return false;
                    }
                });
                jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").storageType(StorageType.File)
                        .placement(Placement.builder().cluster("A").build()).build());
                jsm.addStream(StreamConfiguration.builder().name("ORDERS_DR").storageType(StorageType.File)
                        .placement(Placement.builder().cluster("B").build())
                        .mirror(Mirror.builder().sourceName("ORDERS").build()).build());
                for (int i = 0; i < 20; i++) {
                    c.jetStream().publish("orders.created", ("order " + i).getBytes());
                }
            }
            ProbeTarget target = TestTargets.target("nats", "nats", dr.url(),
                    Map.of("mirrors.ORDERS", "ORDERS_DR", "timeout", "1s", "interval", "1s"), Clock.systemUTC());
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            DependencyMetrics metrics = new DependencyMetrics();
            metrics.meters = prometheus;
            metrics.names = new MetricNames();
            metrics.names.config = TestConfigs.agent(Map.of());
            DependencyState state = new DependencyState(new DependencyState.Settings("nats", DependencyType.NATS, true, 3, 2,
                    Duration.ofSeconds(30), 2.0, Duration.ofMinutes(5), Duration.ofMinutes(5), false), Clock.systemUTC(), metrics::onProbe);
            metrics.register(state, java.util.List.of("ORDERS_DR"));
            try (Probe probe = ProbeFactory.create(target, new ProbeContext(null))) {
                Map<String, Object> caughtUp = Await.value(Duration.ofSeconds(20), "a fresh reading of the caught-up mirror", () -> {
                    state.record(probe.check());
                    return mirror(state).filter(m -> Boolean.FALSE.equals(m.get("stale")) && Long.valueOf(0).equals(m.get("lag_messages")));
                });
                assertThat(caughtUp).containsEntry("lag_seconds", 0.0);
                String serverId = (String) state.snapshot().details().get("server_id");

                primary.stop();
                Map<String, Object> first = Await.value(Duration.ofSeconds(20), "a stale reading once the origin cannot be read", () -> {
                    state.record(probe.check());
                    return mirror(state).filter(m -> Boolean.TRUE.equals(m.get("stale")));
                });
                Await.until(Duration.ofSeconds(10), "time passes on the reading's clock",
                        () -> Duration.between(java.time.Instant.parse((String) first.get("measured_at")), Clock.systemUTC().instant())
                                .toMillis() > (double) first.get("lag_seconds") * 1000 + 1500);
                for (int i = 0; i < 3; i++) {
                    state.record(probe.check());
                }
                Map<String, Object> later = mirror(state).orElseThrow();
                System.out.printf("[probe-tests] origin stopped: lag_seconds %.2f then %.2f (stale, reason: %s), status %s%n",
                        (double) first.get("lag_seconds"), (double) later.get("lag_seconds"), later.get("reason"), state.snapshot().status());

                assertThat(state.snapshot().status().id()).as("the local connection is fine: %s", state.snapshot().lastError())
                        .isEqualTo("healthy");
                assertThat(state.snapshot().consecutiveFailures()).isZero();
                assertThat(state.snapshot().details()).containsEntry("server_id", serverId).containsEntry("status", "connected");
                assertThat(later).containsEntry("stale", true).containsEntry("measured_at", caughtUp.get("measured_at"))
                        .containsEntry("lag_messages", 0L);
                assertThat(later.get("reason")).isNotNull();
                assertThat((double) later.get("lag_seconds")).as("a lower bound growing with time").isGreaterThan((double) first.get("lag_seconds") + 1);
                assertThat(PrometheusText.named(PrometheusText.parse(prometheus.scrape()), "saas_nats_mirror_lag_seconds"))
                        .singleElement().satisfies(s -> assertThat(s.value()).isNotNaN().isEqualTo((double) later.get("lag_seconds")));
            }
        }
    }
}
