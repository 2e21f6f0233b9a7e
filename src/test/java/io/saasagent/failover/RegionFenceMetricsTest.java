package io.saasagent.failover;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saasagent.coordination.RecordStore;
import io.saasagent.dns.Rfc2136Provider;
import io.saasagent.testing.PrivateBind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The region metrics the alert rules read (k8s/base/alerts, group saas-agent-regions), with their {@code region} label:
 * a primary holder's fence gauge opens when its zone is gone for fence-after and the heartbeat age grows.
 */
@Timeout(60)
class RegionFenceMetricsTest {

    @Test
    void aPrimaryHolderExportsHeartbeatAgeFencedPartitionAndTakeoversWithItsRegion() {
        try (PrivateBind bind = new PrivateBind().start()) {
            EngineWorld w = new EngineWorld("active", Map.of("agent.region.name", "eu-west-1", "agent.region.role", "primary",
                    "agent.failover.rfc2136.server", bind.server()), RecordStore.memory(), true,
                    new Rfc2136Provider(bind.server(), bind.zone(), PrivateBind.KEY, "hmac-sha256", bind.secret(), Duration.ofSeconds(1)), "agent-0");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            FailoverMetrics.bind(w.engine, new ProbeInbox(), "saas", registry);
            w.rounds(3);
            assertThat(registry.get("saas_region_heartbeat_age_seconds").tag("region", "eu-west-1").gauge().value()).isLessThan(10.0);
            assertThat(registry.get("saas_region_fenced").tag("region", "eu-west-1").gauge().value()).isZero();
            assertThat(registry.get("saas_region_partition").tag("region", "eu-west-1").gauge().value()).isZero();
            assertThat(registry.get("saas_region_takeover").tags("region", "eu-west-1", "result", "written").functionCounter().count()).isZero();
            assertThat(registry.get("saas_region_takeover").tags("region", "eu-west-1", "result", "cas_lost").functionCounter().count()).isZero();

            bind.stop();
            w.rounds(4);
            assertThat(registry.get("saas_region_fenced").tag("region", "eu-west-1").gauge().value())
                    .as("fenced after 30 s without a refresh: " + w.engine.view().get("region")).isEqualTo(1.0);
            assertThat(registry.get("saas_region_heartbeat_age_seconds").tag("region", "eu-west-1").gauge().value()).isGreaterThanOrEqualTo(30.0);
            assertThat(w.alerts).filteredOn(a -> a.firing() && a.dedupKey().endsWith("/region_fenced")).hasSize(1);
        }
    }
}
