package io.saasagent.failover;

import io.saasagent.failover.control.ControlAnswer;
import io.saasagent.failover.control.Controls;
import io.saasagent.failover.incident.ArchiveRpo;
import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.incident.FailoverJournal;
import io.saasagent.failover.incident.StepGuard;
import io.saasagent.failover.incident.WatchedProvider;
import io.saasagent.failover.mode.ModeAction;
import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.failover.policy.MirrorLags;
import io.saasagent.failover.policy.Outcome;
import io.saasagent.failover.policy.OwnVerdict;
import io.saasagent.failover.policy.PolicyRules;
import io.saasagent.failover.record.ClusterShare;
import io.saasagent.failover.record.FailoverRecord;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.failover.record.FailoverStateMachine;
import io.saasagent.failover.record.PublicIncident;
import io.saasagent.failover.record.RecordKeeper;
import io.saasagent.failover.region.RegionStep;
import io.saasagent.alerting.Alert;
import io.saasagent.cluster.ClusterResultsShare;
import io.saasagent.coordination.Coordinator;
import io.saasagent.dns.DnsProvider;
import io.saasagent.config.DependencyType;
import io.saasagent.state.DependencyEvent;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.support.Sleeper;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The failover policy's steps and transitions. The state is the fleet's: it lives in the fleet's
 * {@link FailoverRecord}, which only the lease holder moves and writes; every other agent evaluates its
 * rules (its verdict counts towards the quorum), adopts the record and queues operator calls in it.
 * What a mode does once the policy fired is its {@link ModeAction}; operator calls are {@link Controls}.
 *
 * <p>A plain class (no CDI): tests run several in one JVM. Every method that changes something is
 * synchronized and may block on a DNS write; readers take the last published picture.
 */
public final class FailoverEngine {
    private static final Logger LOG = Logger.getLogger(FailoverEngine.class);

    private final EngineContext ctx;
    private final FailoverSettings settings;
    private final Coordinator coordinator;
    private final Clock clock;
    private final FailoverStateMachine machine;
    private final FailoverJournal journal;
    private final PolicyRules rules;
    private final RecordKeeper keeper;
    private final Supplier<List<DependencySnapshot>> snapshots;
    private final ModeAction mode;
    private final Controls controls;
    private final ClusterShare clusterShare;
    private final StepGuard steps;
    private final OwnVerdict verdict;

    private final HolderTerm term;
    private final ApiOutage outage;
    private final RegionStep region;
    private final StateAdvance advance;

    private volatile FailoverView.Published published;
    private volatile PublicIncident publicIncident;

    public FailoverEngine(FailoverSettings settings, Supplier<List<DependencySnapshot>> snapshots, Coordinator coordinator,
                          DnsProvider provider, Consumer<Alert> alerts, Clock clock, Sleeper sleeper) {
        this.ctx = new EngineContext(settings, snapshots, coordinator, alerts, clock);
        this.settings = settings;
        this.snapshots = snapshots;
        this.coordinator = coordinator;
        this.clock = clock;
        this.rules = ctx.rules();
        this.machine = ctx.machine();
        this.journal = ctx.journal();
        this.keeper = ctx.keeper();
        this.steps = new StepGuard(ctx);
        DnsProvider watched = provider == null ? null : new WatchedProvider(provider, steps);
        this.mode = ModeAction.of(ctx, watched, sleeper);
        this.region = new RegionStep(ctx, watched);
        this.advance = new StateAdvance(ctx, mode, region);
        ctx.modeHooks(mode::opened, mode::weighted);
        this.controls = new Controls(ctx);
        this.clusterShare = new ClusterShare(coordinator.recordStore().shared());
        this.verdict = new OwnVerdict(rules, settings, coordinator);
        machine.onTransition(t -> journal.entry("Transition", t.from().id() + " -> " + t.to().id() + ": " + t.cause(),
                Map.of("from", t.from().id(), "to", t.to().id())));
        // Start-up adopts the truth: the fleet's record now; the DNS record itself once this agent holds the lease.
        this.term = new HolderTerm(ctx, controls, mode, clusterShare);
        this.outage = new ApiOutage(ctx, snapshots);
        term.start(clock.instant());
        publish(clock.instant());
    }

    // ---- inputs -------------------------------------------------------------------------------

    /** A dependency event (the DependencyState sink): PROBED results drive the policy, others are ignored. */
    public void onEvent(DependencyEvent event) {
        if (event.kind() == DependencyEvent.Kind.PROBED) {
            onProbe(event.current());
        }
    }

    /** One probe result, judged on its own even when the engine's thread runs behind the probes. */
    public synchronized void onProbe(DependencySnapshot probed) {
        rules.observe(probed);
        step(probed);
    }

    /** Time-driven progress (retries, failback holds, requests, drift); call it every second or so. */
    public synchronized void tick() {
        step(null);
    }

    /**
     * An operator's trigger, failback, arm or disarm. The holder carries it out now; any other agent
     * queues it in the fleet's record for the holder (trigger and failback expire after request-ttl).
     */
    public synchronized ControlAnswer control(String action, String actor) {
        Instant now = clock.instant();
        if (!term.sync(now)) {
            ControlAnswer queued = controls.queue(action, actor, now);
            publish(now);
            return queued;
        }
        ControlAnswer answer = controls.apply(action, actor, now);
        step(null);
        return answer;
    }

    /** The Statuspage publisher's link, kept in the record by the holder (a follower's is dropped: it posts nothing). */
    public synchronized void linkPublicIncident(PublicIncident link) {
        if (term.holder()) {
            ctx.record().publicIncident = link;
            step(null);
        }
    }

    /** Adds a line to the timeline (an operator call outside the state machine: a circuit reset, a rejected call). */
    public synchronized void note(String event, String message, Map<String, Object> evidence) {
        journal.note(event, message, evidence); // the caller has logged it
        publish(clock.instant());
    }

    // ---- readers ---------------------------------------------------------------------------------

    public FailoverState state() {
        return machine.state();
    }

    public FailoverSettings settings() {
        return settings;
    }

    /**
     * /health/failover: the fleet's answer (passive: 503 from failed over until failback, on every agent). A
     * passive agent that cannot read the fleet's record answers from its own view too (see {@link ApiOutage}). As
     * last published, like /failover and /health/saas: a checker never sees 503 while they still say "fired".
     */
    public boolean endpointHealthy() {
        return published.endpointHealthy();
    }

    private boolean endpointHealthyNow() {
        return mode.endpointHealthy(machine.state()) && (!outage.ownView() || outage.ownViewDown().isEmpty());
    }

    /** Whether the fleet's record does not parse (kept aside, nothing written over it until an operator clears it). */
    public boolean recordUnreadable() {
        return keeper.quarantined();
    }

    /** Whether this agent pages that the policy fires and no agent can confirm the lease. */
    public boolean nobodyCanAct() {
        return outage.paging();
    }

    /** What /health/failover's answer rests on: the fleet's record, or this agent's own view and why. */
    public String endpointBasis() {
        return outage.basis();
    }

    /** GET /failover without the coordinator's summary (added by the caller, outside any lock). */
    public Map<String, Object> view() {
        return published.full();
    }

    /** The failover section of /health/saas. */
    public Map<String, Object> summary() {
        return published.brief();
    }

    /** The public status page's incident as in the record (adopted or written); null when none. */
    public PublicIncident publicIncident() {
        return publicIncident;
    }

    /** The cluster checks' way to the fleet's record, which this engine alone writes. */
    public ClusterResultsShare clusterShare() {
        return clusterShare;
    }

    public long outcomeCount(Outcome result) {
        return ctx.outcomeCount(result);
    }

    /** Detection time of the last incident in seconds; NaN when none. */
    public double detectionSeconds() {
        return published.detectionSeconds();
    }

    /** Recovery time of the last incident in seconds; NaN until measured. */
    public double recoverySeconds() {
        return published.recoverySeconds();
    }

    /** Names of the rules firing now (every action), as last published. */
    public List<String> firingRules() {
        return published.firing();
    }

    // ---- the step ----------------------------------------------------------------------------------

    /** Liveness: why the engine counts as stalled (no step completed for 3 ticks); empty while it keeps up. */
    public java.util.Optional<String> stalled() {
        return steps.stalled(clock.instant());
    }

    /** The region roles' step: its readers (metrics) and the standby's witness (FailoverService sets it at start). */
    RegionStep region() {
        return region;
    }

    /** Engine steps that threw (caught, recorded, paged). */
    public long stepFailures() {
        return steps.failures();
    }

    void step(DependencySnapshot probed) {
        steps.run(() -> stepOnce(probed));
    }

    private void stepOnce(DependencySnapshot probed) {
        Instant now = clock.instant();
        List<DependencySnapshot> snaps = ctx.snapshots(probed);
        rules.evaluate(snaps, now).forEach(journal::ruleEdge);
        verdict.publish(snaps, now);
        boolean holder = term.sync(now);
        region.observe(holder, snaps, now);
        if (holder) {
            controls.carryOutRequests(now);
            advance.advance(snaps, now);
            mode.observe(snaps, now);
            ctx.fleetAlerts().sync(now);
            term.save(now);
        }
        outage.observe(term.holder(), now);
        publish(now);
    }

    private static List<DependencySnapshot> nats(List<DependencySnapshot> snaps) {
        return snaps.stream().filter(s -> s.type() == DependencyType.NATS).toList();
    }

    void publish(Instant now) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            counts.put(o.label(), ctx.outcomeCount(o));
        }
        publicIncident = ctx.record().publicIncident;
        published = FailoverView.publish(new FailoverView.Facts(settings, machine.state(), endpointHealthyNow(), ctx.record(), term.holder(),
                keeper.describe(), keeper.problem(), rules.current().values(), MirrorLags.all(nats(snapshots.get())),
                ArchiveRpo.contract(snapshots.get(), settings), counts, journal.recent(), region.view(now), now));
    }
}
