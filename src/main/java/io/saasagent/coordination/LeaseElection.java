package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Leader election over a Kubernetes Lease with fabric8's {@code LeaderElector} (not an election of our
 * own). One elector runs per term: when it stops (lease lost, renewal failed, API unreachable) a new
 * candidacy starts after a retry period. {@link #confirm()} is the fencing check the failover engine
 * asks right before a DNS write: the elector's callbacks say we lead, AND the Lease read now names us
 * and was renewed within renew-deadline by the injected clock.
 */
final class LeaseElection implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaseElection.class);

    /** The answer of the fencing check, with the reason when it is no. */
    record LeaseCheck(boolean held, String holder, String reason) {
    }

    private final KubernetesClient client;
    private final CoordinationSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    private volatile boolean leading;
    private volatile String holder;
    /** Why the elector's last Lease call failed; null once one succeeds. */
    private volatile String apiError;
    /** When this agent's own write of the Lease naming it (acquire or renewal) last succeeded, by the injected clock. */
    private volatile Instant confirmedAt;
    private int term;
    private boolean closed;
    private CompletableFuture<?> running;

    LeaseElection(KubernetesClient client, CoordinationSettings settings, Clock clock, ScheduledExecutorService scheduler) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    synchronized void start() {
        if (closed) {
            return;
        }
        int thisTerm = ++term;
        LeaderElectionConfig config = new LeaderElectionConfigBuilder()
                .withName("saas-agent " + settings.leaseName())
                .withLock(new ObservedLeaseLock())
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withLeaderCallbacks(new LeaderCallbacks(() -> started(thisTerm), () -> stopped(thisTerm), this::newLeader))
                // A clean shutdown hands the lease over at once instead of after lease-duration.
                .withReleaseOnCancel(true)
                .build();
        CandidatePacedConfig paced = new CandidatePacedConfig(config, settings.candidateRetryPeriod(), () -> leading);
        LeaderElector elector = client.leaderElector().withConfig(paced).build();
        paced.validated();
        running = elector.start();
        running.whenComplete((v, e) -> ended(thisTerm));
    }

    /** Whether the elector's callbacks say we hold the lease (cheap, for the gauge; not the fencing check). */
    boolean leading() {
        return leading;
    }

    /**
     * Whether this agent holds the lease by a write of its own the API accepted within renew-deadline: the
     * elector's callback alone can arrive late (CPU starvation) after another pod took the lease over.
     */
    boolean confirmedHolder() {
        Instant at = confirmedAt;
        return leading && at != null && clock.instant().isBefore(at.plus(settings.renewDeadline()));
    }

    /** Why the elector's last Lease call failed; null once one succeeds. */
    String apiError() {
        return apiError;
    }

    /** The holder the elector last observed (may be stale by up to a retry period). */
    String holder() {
        return holder;
    }

    /** The fencing check: one Lease read, right before a write. */
    LeaseCheck confirm() {
        if (!leading) {
            String error = apiError;
            String known = holder;
            return new LeaseCheck(false, known, "not the lease holder" + (error != null ? ": lease cannot be confirmed: " + error
                    : known == null || known.equals(settings.identity()) ? "" : " (held by " + known + ")"));
        }
        Lease lease;
        try {
            lease = client.leases().inNamespace(settings.namespace()).withName(settings.leaseName()).get();
        } catch (KubernetesClientException e) {
            return new LeaseCheck(false, holder, "lease cannot be confirmed: " + ApiFailure.describe(e));
        }
        if (lease == null || lease.getSpec() == null) {
            return new LeaseCheck(false, null, "lease " + settings.leaseName() + " does not exist");
        }
        String current = lease.getSpec().getHolderIdentity();
        if (!settings.identity().equals(current)) {
            return new LeaseCheck(false, current, "lease held by " + current);
        }
        Instant renewed = lease.getSpec().getRenewTime() == null ? Instant.EPOCH : lease.getSpec().getRenewTime().toInstant();
        // The holder gives up after renew-deadline without renewal; the others take over only after
        // lease-duration. Writing only inside renew-deadline leaves that gap as the margin for the write.
        Instant fence = renewed.plus(settings.renewDeadline());
        if (!clock.instant().isBefore(fence)) {
            return new LeaseCheck(false, current, "lease last renewed at " + renewed + ", more than renew-deadline "
                    + settings.renewDeadline().toSeconds() + " s ago");
        }
        return new LeaseCheck(true, current, "lease held, renewed at " + renewed);
    }

    private void started(int t) {
        synchronized (this) {
            if (t != term || closed) {
                return;
            }
        }
        leading = true;
        LOG.infof("%s now holds lease %s/%s", settings.identity(), settings.namespace(), settings.leaseName());
    }

    private void stopped(int t) {
        synchronized (this) {
            if (t != term) {
                return; // an ended term's elector winding down; ended() already cleared leading
            }
        }
        if (leading) {
            LOG.warnf("%s no longer holds lease %s/%s", settings.identity(), settings.namespace(), settings.leaseName());
        }
        // At once, on the elector's thread: a write asked for from now on is refused.
        leading = false;
        schedule(() -> ended(t), 0);
    }

    private void newLeader(String identity) {
        holder = identity;
    }

    /** A term ended (elector finished or stopped leading): stand again after a retry period. */
    private void ended(int t) {
        CompletableFuture<?> old;
        synchronized (this) {
            if (t != term || closed) {
                return;
            }
            term++;
            old = running;
        }
        leading = false;
        old.cancel(true);
        schedule(this::start, settings.retryPeriod().toMillis());
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: no new term
        }
    }

    /** Stops the election; releases the lease when we hold it and the API answers. */
    @Override
    public void close() {
        CompletableFuture<?> old;
        synchronized (this) {
            closed = true;
            old = running;
        }
        leading = false;
        if (old != null) {
            old.cancel(true);
        }
    }

    /**
     * fabric8's Lease lock, watched: the elector's own calls tell whether the API answers, so a
     * non-holder can say why it is not leader without a request of its own.
     */
    private final class ObservedLeaseLock extends LeaseLock {
        ObservedLeaseLock() {
            super(settings.namespace(), settings.leaseName(), settings.identity());
        }

        @Override
        public synchronized LeaderElectionRecord get(KubernetesClient c) {
            return observed(() -> super.get(c));
        }

        @Override
        public synchronized void create(KubernetesClient c, LeaderElectionRecord record) {
            observed(() -> {
                super.create(c, record);
                return null;
            });
            confirmed(record);
        }

        @Override
        public synchronized void update(KubernetesClient c, LeaderElectionRecord record) {
            observed(() -> {
                super.update(c, record);
                return null;
            });
            confirmed(record);
        }

        private void confirmed(LeaderElectionRecord record) {
            if (settings.identity().equals(record.getHolderIdentity())) {
                confirmedAt = clock.instant();
            }
        }

        private <T> T observed(Supplier<T> call) {
            try {
                T result = call.get();
                if (apiError != null) {
                    LOG.infof("%s reaches lease %s/%s again", settings.identity(), settings.namespace(), settings.leaseName());
                }
                apiError = null;
                return result;
            } catch (KubernetesClientException e) {
                String why = ApiFailure.describe(e);
                // 409 is a lost race for the lease, not an API problem.
                if (!ApiFailure.is(e, 409)) {
                    if (apiError == null) {
                        LOG.warnf("%s cannot read or renew lease %s/%s: %s", settings.identity(), settings.namespace(),
                                settings.leaseName(), why);
                    }
                    apiError = why;
                }
                throw e;
            }
        }
    }

    /**
     * fabric8's elector uses one retry period for both the holder's renewals and the others' attempts.
     * Non-holders are the load that grows with the number of agents, so they poll at their own, longer
     * period; the holder keeps the short one its renew deadline needs.
     */
    static final class CandidatePacedConfig extends LeaderElectionConfig {
        private final Duration candidateRetryPeriod;
        private final BooleanSupplier leading;
        /** fabric8 validates the holder's period against renew-deadline when the elector is built. */
        private volatile boolean validated;

        CandidatePacedConfig(LeaderElectionConfig base, Duration candidateRetryPeriod, BooleanSupplier leading) {
            super(base.getLock(), base.getLeaseDuration(), base.getRenewDeadline(), base.getRetryPeriod(),
                    base.getLeaderCallbacks(), base.isReleaseOnCancel(), base.getName());
            this.candidateRetryPeriod = candidateRetryPeriod;
            this.leading = leading;
        }

        void validated() {
            validated = true;
        }

        @Override
        public Duration getRetryPeriod() {
            return !validated || leading.getAsBoolean() ? super.getRetryPeriod() : candidateRetryPeriod;
        }
    }
}
