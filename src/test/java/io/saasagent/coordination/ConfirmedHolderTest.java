package io.saasagent.coordination;

import io.saasagent.testing.Await;
import io.saasagent.testing.FaultProxy;
import io.saasagent.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failover engine's holder status comes from the lease this agent confirmed (its own renewal accepted
 * within renew-deadline, by its clock), not from fabric8's elected callback, which can lag behind.
 */
@Timeout(30)
class ConfirmedHolderTest {
    static final Duration RENEW = Duration.ofMillis(1_500);
    private final MockApi api = new MockApi();
    private final FaultProxy link = FaultProxy.to(api.port());
    private KubernetesCoordinator agent;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        link.close();
        api.close();
    }

    @Test
    void aHolderWhoseRenewalsNoLongerLandStopsHoldingAtRenewDeadlineWhileTheElectorStillSaysLeading() {
        MutableClock clock = new MutableClock(Instant.now());
        api.createPod("agent-0", true);
        agent = new KubernetesCoordinator(api.clientAt(link.port()),
                MockApi.settings("agent-0", Duration.ofMillis(2_000), RENEW, Duration.ofMillis(200), Duration.ofMillis(300)), clock).start();
        Await.until(Duration.ofSeconds(10), "agent-0 holds the lease", agent::holdsLease);

        link.set(FaultProxy.Mode.BLACKHOLE); // renewals no longer land
        clock.advance(RENEW);
        assertThat(agent.leading()).as("fabric8's callback has not said otherwise yet").isTrue();
        assertThat(agent.holdsLease()).as("no renewal of its own accepted within renew-deadline").isFalse();
    }
}
