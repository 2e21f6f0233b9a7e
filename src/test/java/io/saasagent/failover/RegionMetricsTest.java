package io.saasagent.failover;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** saas_region_heartbeat_age_seconds{region} (NaN before a read, never 0) and saas_region_takeover_total{result}. */
@Timeout(20)
class RegionMetricsTest {

    @Test
    void theHeartbeatAgeIsUnknownUntilReadThenAsSeenAndTakeOversAreCountedByResult() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        RegionWorlds.silentPrimary(dns);
        EngineWorld s = RegionWorlds.standby(dns, Map.of());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FailoverMetrics.bind(s.engine, new ProbeInbox(), "saas", registry);

        var age = registry.get("saas_region_heartbeat_age_seconds").tag("region", RegionWorlds.STANDBY_REGION).gauge();
        assertThat(age.value()).as("never read: unknown, not 0").isNaN();
        s.round();
        assertThat(age.value()).isEqualTo(0.0);
        s.set("primary-api", false);
        s.rounds(4);
        assertThat(age.value()).as("unchanged for 40 s as this agent saw it").isEqualTo(40.0);
        s.rounds(6);
        assertThat(registry.get("saas_region_takeover").tag("result", "written").functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("saas_region_takeover").tag("result", "cas_lost").functionCounter().count()).isZero();
    }

    @Test
    void roleNoneRegistersNoRegionMetric() {
        EngineWorld w = new EngineWorld("active");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FailoverMetrics.bind(w.engine, new ProbeInbox(), "saas", registry);
        assertThat(registry.find("saas_region_heartbeat_age_seconds").gauges()).isEmpty();
        assertThat(w.engine.view()).doesNotContainKey("region");
    }
}
