package io.saasagent.metrics;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.Mirror;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.saasagent.config.TestConfigs;
import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeContext;
import io.saasagent.probe.ProbeFactory;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.ProbeTarget;
import io.saasagent.probe.TestTargets;
import io.saasagent.state.DependencyState;
import io.saasagent.testing.Await;
import io.saasagent.testing.PrivateNats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mirror-lag gauges fed by the real nats probe: a real origin stream and a stopped mirror on a
 * private nats-server; the scraped {@code saas_nats_mirror_lag_messages{stream=<mirror>}} is the
 * number of messages published since the mirror stopped, and {@code _seconds} is the probe's figure.
 */
@Timeout(60)
class MirrorLagMetricsTest {
    private static final int BEHIND = 25;

    @Test
    void theGaugesShowTheLagTheNatsProbeMeasured() throws Exception {
        try (PrivateNats nats = new PrivateNats().start(); Connection connection = Nats.connect(nats.url())) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").storageType(StorageType.Memory).build());
            jsm.addStream(StreamConfiguration.builder().name("ORDERS_DR").storageType(StorageType.Memory)
                    .mirror(Mirror.builder().sourceName("ORDERS").build()).build());
            JetStream js = connection.jetStream();
            js.publish("orders.created", "first".getBytes());
            Await.until(Duration.ofSeconds(10), "the mirror has the first message",
                    () -> messages(jsm, "ORDERS_DR") == 1);
            // Stops the mirror where it is (a full mirror refuses more: see NatsMirrorLagTest).
            StreamInfo mirror = jsm.getStreamInfo("ORDERS_DR");
            jsm.updateStream(StreamConfiguration.builder(mirror.getConfiguration()).maxMessages(1).discardPolicy(DiscardPolicy.New).build());
            for (int i = 0; i < BEHIND; i++) {
                js.publish("orders.created", ("order " + i).getBytes());
            }

            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            DependencyMetrics metrics = new DependencyMetrics();
            metrics.meters = prometheus;
            metrics.names = new MetricNames();
            metrics.names.config = TestConfigs.agent(Map.of());
            ProbeTarget target = TestTargets.target("queue", "nats", nats.url(), Map.of("mirrors.ORDERS", "ORDERS_DR"), Clock.systemUTC());
            DependencyState state = new DependencyState(new DependencyState.Settings("queue", target.type(), true, 3, 2,
                    Duration.ofSeconds(30), 2.0, Duration.ofMinutes(5), Duration.ofMinutes(5)), Clock.systemUTC(), metrics::onProbe);
            metrics.register(state, List.of("ORDERS_DR"));

            ProbeResult result;
            try (Probe probe = ProbeFactory.create(target, new ProbeContext(null))) {
                result = probe.check();
            }
            state.record(result);

            @SuppressWarnings("unchecked")
            Map<String, Object> lag = (Map<String, Object>) ((Map<String, Object>) result.details().get("mirrors")).get("ORDERS_DR");
            List<PrometheusText.Sample> samples = PrometheusText.parse(prometheus.scrape());
            assertThat(PrometheusText.named(samples, "saas_nats_mirror_lag_messages")).singleElement().satisfies(s -> {
                assertThat(s.labels()).isEqualTo(Map.of("stream", "ORDERS_DR"));
                assertThat(s.value()).isEqualTo(BEHIND);
            });
            assertThat(PrometheusText.named(samples, "saas_nats_mirror_lag_seconds")).singleElement().satisfies(s -> {
                assertThat(s.labels()).isEqualTo(Map.of("stream", "ORDERS_DR"));
                assertThat(s.value()).isEqualTo(((Number) lag.get("lag_seconds")).doubleValue()).isGreaterThanOrEqualTo(0.0);
            });
        }
    }

    private static long messages(JetStreamManagement jsm, String stream) {
        try {
            return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (Exception e) {
            return -1;
        }
    }
}
