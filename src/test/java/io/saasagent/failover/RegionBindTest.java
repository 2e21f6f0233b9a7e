package io.saasagent.failover;

import io.saasagent.dns.DnsRecord;
import io.saasagent.dns.Rfc2136Provider;
import io.saasagent.coordination.RecordStore;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.region.Heartbeat;
import io.saasagent.testing.PrivateBind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.saasagent.failover.EngineWorld.RECORD;
import static io.saasagent.failover.RegionWorlds.HEARTBEAT;
import static io.saasagent.failover.RegionWorlds.PRIMARY_REGION;
import static io.saasagent.failover.RegionWorlds.STANDBY_REGION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The region wiring against a real BIND 9 through {@link Rfc2136Provider}'s swap: the primary's heartbeat, the
 * standby's take-over (one UPDATE for the record and the heartbeat), the primary's refresh losing to it, and the
 * failback from a primary pod. One engine per region on clocks the test moves; the zone is BIND's.
 */
@Timeout(60)
class RegionBindTest {
    private PrivateBind bind;

    @BeforeEach
    void start() {
        bind = new PrivateBind().start();
    }

    @AfterEach
    void stop() {
        bind.close();
    }

    private Rfc2136Provider provider() {
        return new Rfc2136Provider(bind.server(), bind.zone(), PrivateBind.KEY, "hmac-sha256", bind.secret(), Duration.ofSeconds(2));
    }

    private Heartbeat heartbeat() throws Exception {
        return Heartbeat.parse(provider().read(HEARTBEAT, "TXT").map(r -> DnsRecord.unquoted(r.values().get(0))).orElse(null)).orElseThrow();
    }

    private EngineWorld world(String role, String region, String identity) {
        Map<String, String> p = new HashMap<>();
        p.put("agent.region.role", role);
        p.put("agent.region.name", region);
        if (role.equals("standby")) {
            p.put("agent.region.primary-dependency", "primary-api");
            p.put("agent.dependencies.primary-api.type", "http");
            p.put("agent.dependencies.primary-api.url", "http://127.0.0.1:3/health");
        }
        EngineWorld w = new EngineWorld("active", p, RecordStore.memory(), true, provider(), identity);
        w.coordinator.fleetDownFromVerdicts = true;
        return w;
    }

    @Test
    void takeOverAndFailbackThroughRealCompareAndSets() throws Exception {
        assertThat(bind.a(RECORD)).containsExactly(PrivateBind.PRIMARY);
        EngineWorld p = world("primary", PRIMARY_REGION, "primary-0");
        EngineWorld s = world("standby", STANDBY_REGION, "standby-0");
        RegionWorlds.rounds(3, p, s);
        assertThat(heartbeat().owner()).isEqualTo(PRIMARY_REGION);
        assertThat(RegionWorlds.decision(s)).isEqualTo("healthy");

        s.set("primary-api", false);
        long serial = bind.serial();
        for (int i = 0; i < 12; i++) { // the primary region cut off: silent and unreachable
            p.clock.advance(EngineWorld.INTERVAL);
            s.round();
        }
        assertThat(s.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(bind.a(RECORD)).containsExactly(PrivateBind.DR);
        assertThat(bind.serial()).as("record and heartbeat in one UPDATE").isEqualTo(serial + 1);
        Heartbeat taken = heartbeat();
        assertThat(taken.owner()).isEqualTo(STANDBY_REGION);
        assertThat(taken.epoch()).isEqualTo(2);

        p.round(); // back: BIND's prerequisite fails its refresh
        assertThat(p.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(RegionWorlds.decision(p)).isEqualTo("adopted");
        assertThat(heartbeat()).isEqualTo(taken);

        s.set("primary-api", true);
        for (int i = 0; i < 30 && !s.snapshot("primary-api").up(); i++) {
            RegionWorlds.rounds(1, p, s);
        }
        serial = bind.serial();
        assertThat(p.engine.control("failback", "ops@primary").accepted()).isTrue();
        assertThat(p.state()).isEqualTo(FailoverState.ARMED);
        assertThat(bind.a(RECORD)).containsExactly(PrivateBind.PRIMARY);
        assertThat(bind.serial()).as("the failback is one UPDATE").isEqualTo(serial + 1);
        assertThat(heartbeat().owner()).isEqualTo(PRIMARY_REGION);
        assertThat(heartbeat().epoch()).isEqualTo(3);

        RegionWorlds.rounds(2, p, s);
        assertThat(s.state()).isEqualTo(FailoverState.ARMED);
        assertThat(RegionWorlds.decision(p)).isEqualTo("healthy");
        assertThat(heartbeat().epoch()).as("refreshing keeps the epoch").isEqualTo(3);
    }
}
