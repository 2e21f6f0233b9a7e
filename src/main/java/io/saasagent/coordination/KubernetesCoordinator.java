package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Coordination through the Kubernetes API: fabric8's leader elector over a Lease decides who may write
 * DNS, every agent keeps its verdict in an annotation on its own pod, the holder counts the peers'
 * verdicts with one pod list per decision, and every decision becomes an Event on the agent's pod.
 * An agent that cannot reach the API never acts alone: it is not leader and its quorum is refused,
 * each with the reason. A plain class: tests build several against one mock API server.
 */
public final class KubernetesCoordinator implements Coordinator, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KubernetesCoordinator.class);
    /**
     * How long the failover engine waits for one API call before it counts as unavailable: an operator's call
     * through a follower (a record read and a write) stays within 2 s even when the API is blackholed.
     */
    static final Duration API_CALL_BOUND = Duration.ofMillis(800);

    private final KubernetesClient client;
    private final CoordinationSettings settings;
    private final Clock clock;
    /** One thread for the verdict patches, the Events and the election's restarts: API writes stay off the engine's thread. */
    private final ScheduledThreadPoolExecutor executor;
    private final LeaseElection election;
    private final VerdictPublisher verdicts;
    private final DecisionEvents events;
    private final RecordStore record;
    /** The engine's own API calls (record, lease check, pod list): each answers within API_CALL_BOUND. */
    private final io.saasagent.support.TimedCalls calls;

    private volatile LeaseElection.LeaseCheck lastLeaseCheck;
    private volatile Map<String, Object> lastQuorum;
    private volatile List<Map<String, Object>> lastPeers = List.of();
    private volatile int peersSeen = -1;
    private volatile Listing listing;
    private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();

    public KubernetesCoordinator(KubernetesClient client, CoordinationSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "saas-coordination-" + settings.identity());
            t.setDaemon(true);
            return t;
        });
        this.executor.setRemoveOnCancelPolicy(true);
        // On shutdown nothing waits for a delayed retry or a folded Event.
        this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.election = new LeaseElection(client, settings, clock, executor);
        this.verdicts = new VerdictPublisher(client, settings, clock, executor);
        this.events = new DecisionEvents(client, settings, clock, executor);
        this.calls = new io.saasagent.support.TimedCalls("saas-api-call-" + settings.identity(), API_CALL_BOUND, 4);
        this.record = new TimedRecordStore(new ConfigMapRecordStore(client, settings.namespace(), settings.recordName()), calls);
    }

    /** Stands for the lease and writes the first (empty) verdict. */
    public KubernetesCoordinator start() {
        LOG.infof("coordination over Kubernetes: identity %s, lease %s/%s (duration %s, renew deadline %s, retry %s, candidates %s), peers '%s'",
                settings.identity(), settings.namespace(), settings.leaseName(), settings.leaseDuration(),
                settings.renewDeadline(), settings.retryPeriod(), settings.candidateRetryPeriod(), settings.peerSelector());
        verdicts.start();
        election.start();
        return this;
    }

    @Override
    public boolean isLeader() {
        LeaseElection.LeaseCheck check;
        try {
            check = calls.call(election::confirm);
        } catch (Exception e) {
            check = new LeaseElection.LeaseCheck(false, election.holder(), "lease cannot be confirmed: kubernetes API: "
                    + (e instanceof io.saasagent.support.TimedCalls.Late ? e.getMessage() : e.getClass().getSimpleName()));
        }
        lastLeaseCheck = check;
        return check.held();
    }

    @Override
    public String leaseReason() {
        LeaseElection.LeaseCheck check = lastLeaseCheck;
        return check == null ? "" : check.reason();
    }

    /** The elector's last word, without asking the API: for the saas_leader gauge, not for fencing. */
    public boolean leading() {
        return election.leading();
    }

    /** From the lease this agent confirmed (its own renewal accepted within renew-deadline), not the elector's callback. */
    @Override
    public boolean holdsLease() {
        return election.confirmedHolder();
    }

    @Override
    public Optional<String> leaseUnconfirmable() {
        return Optional.ofNullable(election.apiError());
    }

    @Override
    public Optional<String> holder() {
        return Optional.ofNullable(election.holder());
    }

    @Override
    public RecordStore recordStore() {
        return record;
    }

    @Override
    public Duration recordReadInterval() {
        return settings.candidateRetryPeriod();
    }

    @Override
    public String identity() {
        return settings.identity();
    }

    @Override
    public void publishVerdict(Verdict verdict) {
        verdicts.publish(verdict);
    }

    /**
     * Counts from one pod list. A "no" may come from a list up to retry-period old (an engine retrying a
     * refused failover every second must not list every pod every second); a "yes" always comes from
     * a fresh list, so a write is only ever decided on what the API says now.
     */
    @Override
    public QuorumDecision quorum(String failure) {
        Listing recent = listing;
        if (recent != null && System.nanoTime() - recent.nanos() < settings.retryPeriod().toNanos()) {
            QuorumDecision fromRecent = count(recent, failure);
            if (!fromRecent.reached()) {
                return fromRecent;
            }
        }
        return count(list(), failure);
    }

    /** From the last pod list, never waiting on the API (see {@link #recent()}). */
    @Override
    public List<String> fleetDown() {
        Listing recent = recent();
        return recent == null ? List.of() : QuorumCount.down(settings.identity(), verdicts.latest(), recent.peers(), clock.instant(),
                settings.verdictMaxAge(), settings.peerSelector());
    }

    @Override
    public List<String> fleetAlerts() {
        Listing recent = recent();
        return recent == null ? List.of() : QuorumCount.alerting(settings.identity(), verdicts.latest(), recent.peers(), clock.instant(),
                settings.verdictMaxAge(), settings.peerSelector());
    }

    /**
     * The last pod list (null when none or it failed); one older than the pace peers refresh a failing verdict at
     * (a quarter of verdict-max-age, 30 s by default, at least the candidate retry period) is refreshed on the
     * coordination thread for the next call, so the engine never waits on the API for the fleet's view, and a quiet
     * fleet costs the API one pod list per that pace.
     */
    private Listing recent() {
        Listing recent = listing;
        long pace = Math.max(settings.candidateRetryPeriod().toNanos(), settings.verdictMaxAge().toNanos() / 4);
        if ((recent == null || System.nanoTime() - recent.nanos() >= pace)
                && refreshing.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    try {
                        list();
                    } finally {
                        refreshing.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                refreshing.set(false);
            }
        }
        return recent == null || recent.error() != null ? null : recent;
    }

    /** One pod list by the peer selector, or why there is none. */
    private record Listing(List<Peer> peers, String error, long nanos) {
    }

    private Listing list() {
        Listing fresh;
        try {
            List<Pod> pods = calls.call(() -> client.pods().inNamespace(settings.namespace()).withLabelSelector(settings.peerSelector())
                    .list().getItems());
            fresh = new Listing(pods.stream().map(Peer::of).toList(), null, System.nanoTime());
        } catch (KubernetesClientException e) {
            fresh = new Listing(List.of(), ApiFailure.describe(e), System.nanoTime());
        } catch (Exception e) {
            fresh = new Listing(List.of(), "kubernetes API: " + (e instanceof io.saasagent.support.TimedCalls.Late ? e.getMessage()
                    : e.getClass().getSimpleName()), System.nanoTime());
        }
        listing = fresh;
        return fresh;
    }

    private QuorumDecision count(Listing from, String failure) {
        Instant now = clock.instant();
        QuorumDecision decision;
        if (from.error() != null) {
            decision = QuorumDecision.refused(0, 0, List.of(), from.error());
        } else {
            QuorumCount.Census census = QuorumCount.count(settings.identity(), verdicts.latest(), from.peers(), failure, now,
                    settings.verdictMaxAge(), settings.peerSelector());
            peersSeen = census.peersSeen();
            lastPeers = census.peers();
            decision = census.decision();
        }
        remember(failure, decision, now);
        return decision;
    }

    private void remember(String failure, QuorumDecision d, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("failure", failure);
        m.put("reached", d.reached());
        m.put("agreeing", d.agreeing());
        m.put("live", d.live());
        m.put("agreeing_agents", d.agreeingAgents());
        m.put("reason", d.reason());
        m.put("at", at.toString());
        lastQuorum = m;
    }

    @Override
    public void record(Decision decision) {
        Decisions.log(settings.identity(), decision);
        events.record(decision);
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", "kubernetes");
        m.put("identity", settings.identity());
        m.put("namespace", settings.namespace());
        m.put("lease", settings.leaseName());
        m.put("record", record.describe());
        m.put("leader", election.leading());
        m.put("holder", election.holder());
        LeaseElection.LeaseCheck check = lastLeaseCheck;
        if (check != null) {
            m.put("last_lease_check", Map.of("held", check.held(), "reason", check.reason()));
        }
        m.put("peer_selector", settings.peerSelector());
        m.put("peers_seen", peersSeen < 0 ? null : peersSeen);
        m.put("peers", lastPeers);
        m.put("last_quorum", lastQuorum);
        m.put("verdict", verdicts.summary());
        m.put("events", events.summary());
        return m;
    }

    /** Stops standing for the lease (releasing it when held), then the coordination thread. */
    @Override
    public void close() {
        election.close();
        calls.close();
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
