package io.saasagent.failover;

import io.saasagent.failover.record.FailoverState;
import io.saasagent.alerting.NotificationChannel;
import io.saasagent.dns.DnsException;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gradual failback aborted while the write back to the DR target fails: the write is tried again
 * until it lands, and its failure is paged on its own key through a real {@link NotificationChannel}
 * whose notifier posts to a recording HTTP server.
 */
@Timeout(30)
class FailbackAbortTest {
    private RecordingPager pager;

    @AfterEach
    void stop() {
        if (pager != null) {
            pager.close();
        }
    }

    @Test
    void theWriteBackIsRetriedUntilItLandsAndItsFailureIsPagedOnItsOwnKey() {
        EngineWorld w = new EngineWorld("active");
        pager = new RecordingPager(w.clock);
        NotificationChannel channel = pager.channel;
        w.dns.weights = true;
        w.primaryFailsFor(3);
        w.recover("redis");
        assertThat(w.engine.control("failback", "ops").status()).isEqualTo(200);
        assertThat(w.dns.weightWrites).containsExactly(10);

        w.alerts.clear();
        w.dns.failNextWrite = new DnsException("SERVFAIL from the primary server", false);
        w.set("redis", false);
        w.rounds(3);
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.coordinator.last("DnsWriteBackFailed").message()).contains("SERVFAIL");
        w.alerts.forEach(channel::offer);

        w.rounds(3); // the verify interval: tried again
        assertThat(w.dns.weightWrites).as("written back at the next try").containsExactly(10, 0);
        assertThat(w.coordinator.kinds()).contains("DnsWrittenBack");
        assertThat(w.engine.view().get("fleet").toString()).contains("write_back_pending=false");

        Await.until(Duration.ofSeconds(10), "the write-back page delivered", () -> pager.delivered().stream()
                .anyMatch(b -> b.contains("/write_back_failed|")));
        assertThat(pager.delivered())
                .anySatisfy(b -> assertThat(b).contains("/failback_aborted|true|failback aborted"))
                .anySatisfy(b -> assertThat(b).contains("/write_back_failed|true|").contains("SERVFAIL"));
    }

    /** Only an outage moves a region: Postgres refusing the agent's password during the 10 % hold holds the failback there. */
    @Test
    void aRejectedPostgresDuringTheTenPercentHoldHoldsTheFailbackWithoutAbort() {
        EngineWorld w = new EngineWorld("active", Map.of("agent.dependencies.postgres.type", "postgres",
                "agent.dependencies.postgres.url", "postgresql://127.0.0.1:1/app", "agent.dependencies.postgres.critical", "true"));
        w.dns.weights = true;
        w.primaryFailsFor(3);
        w.recover("redis");
        assertThat(w.engine.control("failback", "ops").accepted()).isTrue();
        assertThat(w.dns.weightWrites).containsExactly(10);

        w.rejecting.add("postgres");
        w.set("postgres", false);
        w.rounds(4);
        assertThat(w.snapshot("postgres").rejected()).as("postgres rejects the agent").isTrue();
        w.clock.advance(Duration.ofMinutes(16)); // past the 15 min hold, postgres still rejecting
        w.rounds(3);
        assertThat(w.state()).isEqualTo(FailoverState.FAILING_BACK);
        assertThat(w.dns.weightWrites).as("held at 10 %: neither the next step nor the write back").containsExactly(10);
        assertThat(w.coordinator.kinds()).doesNotContain("FailbackAborted").contains("FailbackHeld");
        assertThat(w.coordinator.count("FailbackHeld")).as("recorded once, not every step").isEqualTo(1);
        assertThat(w.coordinator.last("FailbackHeld").message()).contains("postgres rejects the agent").contains("no abort");

        w.recover("postgres");
        w.clock.advance(Duration.ofMinutes(16));
        w.round();
        assertThat(w.dns.weightWrites).as("the failback goes on once postgres accepts the agent again").containsExactly(10, 50);
    }
}
