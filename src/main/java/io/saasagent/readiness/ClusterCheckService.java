package io.saasagent.readiness;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.saasagent.cluster.ClusterCheckRunner;
import io.saasagent.cluster.ClusterResults;
import io.saasagent.cluster.ClusterResultsShare;
import io.saasagent.cluster.check.ClusterObjects;
import io.saasagent.coordination.Coordinator;
import io.saasagent.support.StartupPriorities;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wires the cluster DR checks to the lease and to the fleet's record (the failover engine's share): the
 * one place that knows them all, so the checks and their results stay below coordination and failover.
 * A tick every second (or every interval, when shorter) on a thread of its own; the runner reads the
 * cluster only while this agent holds the lease.
 */
@ApplicationScoped
public class ClusterCheckService {
    private static final Logger LOG = Logger.getLogger(ClusterCheckService.class);
    private static final Duration MAX_TICK = Duration.ofSeconds(1);

    @Inject
    ClusterResults results;

    @Inject
    Coordinator coordinator;

    @Inject
    Instance<KubernetesClient> kubernetesClient;

    @Inject
    Clock clock;

    @Inject
    Instance<ClusterResultsShare> share;

    private ScheduledExecutorService executor;

    /** After the failover engine (POLICY), whose fleet record carries the holder's report to the followers. */
    void start(@Observes @Priority(StartupPriorities.POLICY + 1) StartupEvent event) {
        if (results.checks().isEmpty()) {
            return;
        }
        ClusterCheckRunner runner = new ClusterCheckRunner(results, new ClusterObjects(kubernetesClient.get()), coordinator::leading,
                this::notHolder, share.get(), coordinator.identity(), clock);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-checks");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.min(MAX_TICK.toMillis(), results.interval().toMillis());
        executor.scheduleWithFixedDelay(() -> {
            try {
                runner.tick();
            } catch (RuntimeException e) {
                LOG.errorf("cluster checks step failed: %s", e.getClass().getSimpleName());
            }
        }, 0, tick, TimeUnit.MILLISECONDS);
        LOG.infof("cluster checks: %s, every %s, run by the lease holder only", results.checks().size(), results.interval());
    }

    private String notHolder() {
        Object holder = coordinator.summary().get("holder");
        return "not the holder" + (holder == null ? "" : " (held by " + holder + ")")
                + ": cluster checks run on the lease holder only";
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
