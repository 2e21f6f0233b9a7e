package io.saasagent.failover;

import io.saasagent.alerting.Alert;
import io.saasagent.coordination.Coordinator;
import io.saasagent.coordination.Verdict;
import io.saasagent.dns.DnsActuator;
import io.saasagent.dns.DnsChange;
import io.saasagent.dns.DnsException;
import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsRecord;
import io.saasagent.probe.DependencyType;
import io.saasagent.probe.Failures;
import io.saasagent.state.DependencyEvent;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.support.Redactor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The failover policy: rules, state machine, guards, modes, failback, incident timeline. A plain
 * class (no CDI), built from its collaborators so that a unit test or a multi-agent test can run
 * several in one JVM; {@code FailoverService} is the thin CDI wrapper.
 *
 * <p>Threading: every method that changes something is synchronized and may block on a DNS write
 * (the CDI wrapper calls them from one executor thread, never from a probe thread). Readers
 * ({@link #view()}, {@link #summary()}, {@link #state()}, the gauges) take the last published picture
 * and never wait on a write.
 *
 * <p>Exactly once: a write goes through {@link DnsActuator}, which reads the record first and writes
 * only when it differs, so a repeated attempt, a restarted agent or a new leader resuming an incident
 * finds the record already answering the DR target and records DnsUnchanged instead of writing.
 */
public final class FailoverEngine {
    private static final Logger LOG = Logger.getLogger(FailoverEngine.class);
    /** The values of the {@code result} label of {@code saas_failover_total}. */
    public static final List<String> RESULTS = List.of("written", "unchanged", "dry_run", "passive", "refused_dr_unhealthy",
            "refused_cooldown", "refused_no_lease", "refused_no_quorum", "refused_ownership", "failed");
    static final String MANUAL = "manual";
    /** After a guard refused, the next attempt waits this long (every probe result would ask again). */
    static final Duration REFUSED_RETRY = Duration.ofSeconds(1);
    static final Duration WRITE_RETRY_MIN = Duration.ofSeconds(5);
    static final Duration WRITE_RETRY_MAX = Duration.ofMinutes(2);

    private final FailoverSettings settings;
    private final Supplier<List<DependencySnapshot>> snapshots;
    private final Coordinator coordinator;
    private final DnsProvider provider;
    private final Clock clock;
    private final PolicyRules rules;
    private final Guards guards;
    private final FailoverStateMachine machine;
    private final Map<String, AtomicLong> outcomes = new LinkedHashMap<>();
    private final FailoverJournal journal;

    // Guarded by this.
    private Incident incident;
    private int incidents;
    private List<String> publishedFailures;
    private Instant lastFailoverAt;
    private Instant nextAttemptAt = Instant.MIN;
    private Duration writeBackoff = WRITE_RETRY_MIN;
    private String lastRefusal;
    private boolean dryRunDone;
    private boolean verifyPending;
    private FailbackPlan failback;

    // Published for lock-free readers.
    private volatile Map<String, Object> view = Map.of();
    private volatile Map<String, Object> summary = Map.of();
    private volatile double detectionSeconds = Double.NaN;
    private volatile double recoverySeconds = Double.NaN;

    /**
     * @param snapshots every dependency's current snapshot (e.g. {@code DependencyRegistry::snapshots})
     * @param provider  the DNS provider of active mode (dry-run reads it to say what would change); null for none
     * @param alerts    where rule and failover alerts go (the CDI wrapper fires them as events)
     */
    public FailoverEngine(FailoverSettings settings, Supplier<List<DependencySnapshot>> snapshots, Coordinator coordinator,
                          DnsProvider provider, Consumer<Alert> alerts, Clock clock) {
        this.settings = settings;
        this.snapshots = snapshots;
        this.coordinator = coordinator;
        this.provider = provider;
        this.clock = clock;
        this.rules = new PolicyRules(settings.rules(), settings.drDependency(), settings.metricsWindow());
        this.guards = new Guards(settings, coordinator);
        this.machine = new FailoverStateMachine(clock);
        this.journal = new FailoverJournal(settings, coordinator, alerts, clock);
        RESULTS.forEach(r -> outcomes.put(r, new AtomicLong()));
        machine.onTransition(t -> journal.entry("Transition", t.from().id() + " -> " + t.to().id() + ": " + t.cause(),
                Map.of("from", t.from().id(), "to", t.to().id())));
        publish(clock.instant());
    }

    // ---- inputs -------------------------------------------------------------------------------

    /** A dependency event (the DependencyState sink): PROBED results drive the policy, others are ignored. */
    public void onEvent(DependencyEvent event) {
        if (event.kind() == DependencyEvent.Kind.PROBED) {
            onProbe(event.current());
        }
    }

    /**
     * One probe result: feeds the rules' own windows, then evaluates everything with this result in
     * place of the dependency's current snapshot, so that every result is judged on its own even when
     * the engine's thread runs behind the probes (a rule fires on exactly the threshold-th failure).
     */
    public synchronized void onProbe(DependencySnapshot probed) {
        rules.observe(probed);
        step(probed);
    }

    /** Time-driven progress (retries after a refusal, failback holds, recovery checks); call it every second or so. */
    public synchronized void tick() {
        step(null);
    }

    // ---- operator controls ----------------------------------------------------------------------

    /** Fails over now whatever the rules say; the DR target and the lease are still required. */
    public synchronized ControlAnswer trigger(String actor) {
        Instant now = clock.instant();
        FailoverState s = machine.state();
        if (s == FailoverState.DISARMED) {
            return answer("trigger", actor, false, "the policy is disarmed: arm it first");
        }
        if (s != FailoverState.ARMED && s != FailoverState.FIRED) {
            return answer("trigger", actor, false, "already " + s.id());
        }
        if (s == FailoverState.ARMED) {
            open(MANUAL, true, "operator trigger by " + actor, null, List.of(), now);
        } else {
            incident.manual = true;
        }
        nextAttemptAt = Instant.MIN;
        step();
        return answer("trigger", actor, true, "failover requested; state now " + machine.state().id());
    }

    /** Moves traffic back to the primary: gradually where the provider has weights, else in one write. */
    public synchronized ControlAnswer failback(String actor) {
        Instant now = clock.instant();
        if (machine.state() != FailoverState.FAILED_OVER) {
            return answer("failback", actor, false, "nothing to fail back: state " + machine.state().id());
        }
        List<String> down = primaryDown(snapshots.get());
        if (!down.isEmpty()) {
            return answer("failback", actor, false, "the primary is not healthy: " + String.join(", ", down) + " down");
        }
        boolean weighted = settings.mode() == FailoverMode.ACTIVE && provider != null && provider.supportsWeights();
        failback = new FailbackPlan(weighted, settings.failbackSteps());
        machine.transition(FailoverState.FAILING_BACK, "operator " + actor);
        journal.record("FailbackStarted", (weighted ? "gradual failback " + settings.failbackSteps() + "% each held " + settings.failbackHold().toSeconds() + " s"
                : "direct failback to " + settings.primaryTarget()), Map.of("actor", actor, "weighted", weighted));
        nextAttemptAt = Instant.MIN;
        step();
        return answer("failback", actor, true, "failback started; state now " + machine.state().id());
    }

    public synchronized ControlAnswer arm(String actor) {
        if (machine.state() != FailoverState.DISARMED) {
            return answer("arm", actor, false, "already armed (state " + machine.state().id() + ")");
        }
        machine.transition(FailoverState.ARMED, "operator " + actor);
        step();
        return answer("arm", actor, true, "armed; state now " + machine.state().id());
    }

    public synchronized ControlAnswer disarm(String actor) {
        Instant now = clock.instant();
        if (!machine.can(FailoverState.DISARMED)) {
            return answer("disarm", actor, false, "cannot disarm while " + machine.state().id() + (machine.state() == FailoverState.FAILED_OVER
                    ? ": fail back first" : ""));
        }
        boolean pending = machine.state() == FailoverState.FIRED;
        machine.transition(FailoverState.DISARMED, "operator " + actor);
        if (pending) {
            journal.alert(false, "info", "failover disarmed by " + actor + " before anything moved", Map.of("actor", actor));
        }
        close("disarmed by " + actor, now);
        return answer("disarm", actor, true, "disarmed: rules are still evaluated and alerted, nothing moves");
    }

    /** Adds a line to the timeline (an operator call outside the state machine: a circuit reset, a rejected call). */
    public synchronized void note(String event, String message, Map<String, Object> evidence) {
        Instant now = clock.instant();
        journal.note(event, message, evidence); // the caller has logged it
        publish(now);
    }

    // ---- readers ---------------------------------------------------------------------------------

    public FailoverState state() {
        return machine.state();
    }

    public FailoverSettings settings() {
        return settings;
    }

    /** /health/failover: false once fired in passive mode, until failback. */
    public boolean endpointHealthy() {
        FailoverState s = machine.state();
        return !(settings.mode() == FailoverMode.PASSIVE
                && (s == FailoverState.FIRED || s == FailoverState.FAILING_OVER || s == FailoverState.FAILED_OVER));
    }

    /** GET /failover without the coordinator's summary (added by the caller, outside any lock). */
    public Map<String, Object> view() {
        return view;
    }

    /** The failover section of /health/saas. */
    public Map<String, Object> summary() {
        return summary;
    }

    public long outcomeCount(String result) {
        return outcomes.get(result).get();
    }

    /** Detection time of the last incident in seconds; NaN when none. */
    public double detectionSeconds() {
        return detectionSeconds;
    }

    /** Recovery time of the last incident in seconds; NaN until measured. */
    public double recoverySeconds() {
        return recoverySeconds;
    }

    /** Names of the rules firing now (every action), as last published. */
    @SuppressWarnings("unchecked")
    public List<String> firingRules() {
        return (List<String>) summary.getOrDefault("firing", List.of());
    }

    // ---- the step ----------------------------------------------------------------------------------

    private void step() {
        step(null);
    }

    private void step(DependencySnapshot probed) {
        Instant now = clock.instant();
        List<DependencySnapshot> snaps = snapshots.get();
        if (probed != null) {
            snaps = snaps.stream().map(s -> s.name().equals(probed.name()) ? probed : s).toList();
        }
        rules.evaluate(snaps, now).forEach(journal::ruleEdge);
        publishVerdict(snaps, now);
        advance(snaps, now);
        observeRecovery(snaps, now);
        publish(now);
    }

    private void advance(List<DependencySnapshot> snaps, Instant now) {
        switch (machine.state()) {
            case ARMED -> {
                List<String> firing = rules.firingFailoverRules();
                if (!firing.isEmpty()) {
                    RuleEvaluation e = rules.current().get(firing.get(0));
                    open(e.rule().name(), false, e.reason(), e.firstFailure(), e.involved(), now);
                    attempt(snaps, now);
                }
            }
            case FIRED -> {
                if (!incident.manual && rules.firingFailoverRules().isEmpty()) {
                    machine.transition(FailoverState.ARMED, "rule " + incident.rule + " resolved before any failover");
                    journal.alert(false, "info", "failover not needed: " + incident.rule + " resolved", Map.of("rule", incident.rule));
                    close("resolved before failover", now);
                } else {
                    attempt(snaps, now);
                }
            }
            case FAILED_OVER -> {
                if (verifyPending) {
                    verify(now);
                }
            }
            case FAILING_BACK -> failbackStep(snaps, now);
            default -> {
                // DISARMED: nothing moves. FAILING_OVER is never seen between steps.
            }
        }
    }

    private void open(String rule, boolean manual, String reason, Instant firstFailure, List<String> dependencies, Instant now) {
        incidents++;
        incident = new Incident("incident-" + incidents + "-" + now.getEpochSecond(), rule, manual, reason, now, firstFailure,
                dependencies, MirrorLags.all(nats(snapshots.get())));
        journal.follow(incident);
        lastRefusal = null;
        dryRunDone = false;
        verifyPending = false;
        nextAttemptAt = Instant.MIN;
        writeBackoff = WRITE_RETRY_MIN;
        machine.transition(FailoverState.FIRED, (manual ? "" : "rule ") + rule + ": " + reason);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("rule", rule);
        evidence.put("manual", manual);
        evidence.put("reason", reason);
        evidence.put("dependencies", dependencies);
        evidence.put("first_failed_probe", Incident.iso(firstFailure));
        evidence.put("detection_seconds", Incident.seconds(incident.detection()));
        journal.record("FailoverFired", "failover policy fired: " + reason, evidence);
        journal.alert(true, "critical", "failover policy fired (" + settings.mode().id() + "): " + reason, evidence);
    }

    private void close(String because, Instant now) {
        if (incident != null && incident.open()) {
            incident.closedAt = now;
            incident.closedBecause = because;
        }
        failback = null;
    }

    private void attempt(List<DependencySnapshot> snaps, Instant now) {
        if (now.isBefore(nextAttemptAt)) {
            return;
        }
        switch (settings.mode()) {
            case PASSIVE -> {
                machine.transition(FailoverState.FAILING_OVER, "passive mode");
                machine.transition(FailoverState.FAILED_OVER, "/health/failover answers 503 for the DNS provider's health checker");
                lastFailoverAt = now;
                count("passive");
                journal.record("PassiveSignalled", "/health/failover answers 503 until failback", Map.of("rule", incident.rule));
            }
            case DRY_RUN -> {
                if (dryRunDone || refused(snaps, now)) {
                    return;
                }
                dryRunDone = true;
                lastFailoverAt = now;
                count("dry_run");
                Map<String, Object> evidence = wouldChange();
                journal.record("DryRun", "dry-run: would point " + settings.record() + " to " + settings.drTarget() + " (nothing written)", evidence);
                journal.alert(true, "info", "dry-run: would fail over " + settings.record() + " to " + settings.drTarget(), evidence);
            }
            case ACTIVE -> {
                if (!refused(snaps, now)) {
                    failOver(now);
                }
            }
        }
    }

    /** Runs the guards; records a refusal once per distinct reason. True when refused. */
    private boolean refused(List<DependencySnapshot> snaps, Instant now) {
        Refusal r = guards.check(snaps, now, lastFailoverAt, incident.rule, incident.manual);
        if (r == null) {
            lastRefusal = null;
            return false;
        }
        refuse(r, now);
        nextAttemptAt = now.plus(REFUSED_RETRY);
        return true;
    }

    private void refuse(Refusal r, Instant now) {
        if (r.kind().equals(lastRefusal)) {
            return;
        }
        lastRefusal = r.kind();
        count(r.result());
        String prefix = settings.mode() == FailoverMode.DRY_RUN ? "dry-run: would refuse: " : "failover refused: ";
        journal.record(r.kind(), prefix + r.message(), r.evidence());
        if (!Refusal.NO_LEASE.equals(r.kind())) {
            // A follower refusing for want of the lease is the normal case: no page from every follower.
            journal.alert(true, "warning", prefix + r.message(), r.evidence());
        }
    }

    private void failOver(Instant now) {
        if (provider == null || !settings.hasTarget()) {
            writeFailed(now, "no DNS provider or record configured for active mode");
            return;
        }
        machine.transition(FailoverState.FAILING_OVER, "guards passed (DR target healthy, cooldown over, leader"
                + (incident.manual ? ", operator trigger" : ", quorum") + ")");
        DnsActuator actuator = new DnsActuator(new FencedDnsProvider(provider, () -> fence(true)), null, settings.forceOwnership());
        DnsChange change;
        try {
            change = actuator.pointTo(settings.record(), settings.recordType(), settings.drTarget(), settings.ttl());
        } catch (FencedDnsProvider.Fenced f) {
            machine.transition(FailoverState.FIRED, "fenced right before the write");
            refuse(f.refusal, now);
            nextAttemptAt = now.plus(REFUSED_RETRY);
            return;
        } catch (DnsException | RuntimeException e) {
            machine.transition(FailoverState.FIRED, "write failed");
            writeFailed(now, Redactor.redact(e instanceof DnsException ? e.getMessage() : Failures.describe(e)));
            return;
        }
        Map<String, Object> evidence = FailoverView.change(change);
        switch (change.outcome()) {
            case WRITTEN -> {
                lastFailoverAt = now;
                verifyPending = !change.verified();
                if (change.verified()) {
                    incident.dnsVerified = clock.instant();
                }
                machine.transition(FailoverState.FAILED_OVER, "record written" + (change.verified() ? " and verified" : ", not yet verified"));
                count("written");
                journal.record("DnsWritten", settings.record() + " " + settings.recordType() + " -> " + settings.drTarget()
                        + (change.verified() ? " (verified)" : " (read-back differs: verification retried)"), evidence);
                journal.alert(true, "critical", "failed over: " + settings.record() + " now answers " + settings.drTarget(), evidence);
            }
            case UNCHANGED -> {
                lastFailoverAt = now;
                incident.dnsVerified = clock.instant();
                machine.transition(FailoverState.FAILED_OVER, "record already answers the DR target");
                count("unchanged");
                journal.record("DnsUnchanged", settings.record() + " already answers " + settings.drTarget() + ": nothing written", evidence);
            }
            case REFUSED_OWNERSHIP -> {
                machine.transition(FailoverState.FIRED, "record owned by another writer");
                refuse(Refusal.ownership(String.join("; ", change.warnings())
                        + " (set agent.failover.force-ownership=true to write anyway)", evidence), now);
                backoff(now);
            }
        }
    }

    /** Asked right before any write: still the leader, and for a failover by the policy, still a quorum. */
    private void fence(boolean failover) throws FencedDnsProvider.Fenced {
        Refusal r = guards.lease();
        if (r == null && failover && !incident.manual) {
            r = guards.quorum(incident.rule);
        }
        if (r != null) {
            throw new FencedDnsProvider.Fenced(r);
        }
        if (failover) {
            incident.dnsSubmitted = clock.instant();
        }
    }

    private void writeFailed(Instant now, String message) {
        count("failed");
        journal.record("DnsWriteFailed", "DNS write failed, retry in " + writeBackoff.toSeconds() + " s: " + message,
                Map.of("error", message, "retry_seconds", writeBackoff.toSeconds()));
        journal.alert(true, "critical", "failover DNS write failed: " + message, Map.of("error", message));
        backoff(now);
    }

    private void backoff(Instant now) {
        nextAttemptAt = now.plus(writeBackoff);
        writeBackoff = writeBackoff.multipliedBy(2).compareTo(WRITE_RETRY_MAX) > 0 ? WRITE_RETRY_MAX : writeBackoff.multipliedBy(2);
    }

    private void verify(Instant now) {
        try {
            Optional<DnsRecord> current = provider.read(settings.record(), settings.recordType());
            if (current.isPresent() && current.get().sameAnswer(DnsRecord.simple(settings.record(), settings.recordType(), settings.drTarget(), settings.ttl()))) {
                verifyPending = false;
                incident.dnsVerified = now;
                journal.record("DnsVerified", settings.record() + " answers " + settings.drTarget(), Map.of());
            }
        } catch (DnsException | RuntimeException e) {
            LOG.debugf("verification read failed: %s", Redactor.redact(e.getMessage()));
        }
    }

    /** Recovery ends at the first successful DR probe after the record was verified. */
    private void observeRecovery(List<DependencySnapshot> snaps, Instant now) {
        if (incident == null || !incident.open() || incident.dnsVerified == null || incident.drHealthy != null
                || settings.mode() != FailoverMode.ACTIVE) {
            return;
        }
        snaps.stream().filter(s -> s.name().equals(settings.drDependency())).findFirst()
                .filter(s -> s.up() && s.lastSuccess() != null && !s.lastSuccess().isBefore(incident.dnsVerified))
                .ifPresent(dr -> {
                    incident.drHealthy = dr.lastSuccess();
                    Map<String, Object> evidence = new LinkedHashMap<>();
                    evidence.put("detection_seconds", Incident.seconds(incident.detection()));
                    evidence.put("recovery_seconds", Incident.seconds(incident.recovery()));
                    evidence.put("verdict", Contracts.recoveryVerdict(incident, settings, now));
                    journal.record("DrHealthy", "DR target healthy behind the new record: recovery " + Incident.seconds(incident.recovery()) + " s ("
                            + evidence.get("verdict") + " against " + settings.recoveryObjective().toSeconds() + " s)", evidence);
                });
    }

    // ---- failback ----------------------------------------------------------------------------------

    private void failbackStep(List<DependencySnapshot> snaps, Instant now) {
        if (settings.mode() != FailoverMode.ACTIVE) {
            finishFailback(now, "passive: /health/failover answers 200 again");
            return;
        }
        List<String> down = primaryDown(snaps);
        if (!down.isEmpty()) {
            abortFailback(now, String.join(", ", down) + " down");
            return;
        }
        if (failback.advanceAfter(settings.failbackHold(), now)) {
            nextAttemptAt = Instant.MIN;
        }
        if (!failback.pendingWrite() || now.isBefore(nextAttemptAt)) {
            return;
        }
        try {
            DnsProvider fenced = new FencedDnsProvider(provider, () -> fence(false));
            String change;
            if (failback.weighted) {
                change = fenced.writeWeights(settings.record(), settings.recordType(), settings.primaryTarget(), settings.drTarget(),
                        failback.percent(), settings.ttl());
            } else {
                DnsChange c = new DnsActuator(fenced, null, settings.forceOwnership())
                        .pointTo(settings.record(), settings.recordType(), settings.primaryTarget(), settings.ttl());
                if (c.outcome() == DnsChange.Outcome.REFUSED_OWNERSHIP) {
                    throw new DnsException(String.join("; ", c.warnings()), false);
                }
                change = c.changeId();
            }
            failback.written(now);
            writeBackoff = WRITE_RETRY_MIN;
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("step", failback.step());
            evidence.put("steps", failback.steps());
            evidence.put("primary_percent", failback.percent());
            evidence.put("change_id", change);
            journal.record("FailbackStep", "failback step " + failback.step() + "/" + failback.steps() + ": " + failback.percent() + "% on the primary", evidence);
            if (failback.last()) {
                finishFailback(now, "traffic back on " + settings.primaryTarget());
            }
        } catch (FencedDnsProvider.Fenced f) {
            refuse(f.refusal, now);
            nextAttemptAt = now.plus(REFUSED_RETRY);
        } catch (DnsException | RuntimeException e) {
            String message = Redactor.redact(e instanceof DnsException ? e.getMessage() : Failures.describe(e));
            journal.record("DnsWriteFailed", "failback write failed, retry in " + writeBackoff.toSeconds() + " s: " + message, Map.of("error", message));
            backoff(now);
        }
    }

    private void finishFailback(Instant now, String message) {
        machine.transition(FailoverState.ARMED, "failback completed");
        journal.record("FailbackCompleted", message, Map.of());
        journal.alert(false, "info", "failback completed: " + message, Map.of());
        close("failback completed", now);
    }

    private void abortFailback(Instant now, String why) {
        String message = "failback aborted, the primary failed during the hold (" + why + ")";
        if (failback.weighted && failback.anyWritten()) {
            try {
                new FencedDnsProvider(provider, () -> fence(false)).writeWeights(settings.record(), settings.recordType(),
                        settings.primaryTarget(), settings.drTarget(), 0, settings.ttl());
                message += ": all traffic back on the DR target";
            } catch (DnsException | RuntimeException e) {
                message += ": could not move traffic back to the DR target: " + Redactor.redact(e.getMessage());
            }
        }
        machine.transition(FailoverState.FAILED_OVER, "failback aborted");
        failback = null;
        journal.record("FailbackAborted", message, Map.of("down", why));
        journal.alert(true, "critical", message, Map.of("down", why));
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private void publishVerdict(List<DependencySnapshot> snaps, Instant now) {
        List<String> failures = rules.firingFailoverRules();
        if (failures.equals(publishedFailures)) {
            return;
        }
        publishedFailures = failures;
        List<String> down = snaps.stream().filter(s -> rules.primary(s) && s.down()).map(DependencySnapshot::name).toList();
        try {
            coordinator.publishVerdict(new Verdict(coordinator.identity(), failures, down, now));
        } catch (RuntimeException e) {
            LOG.warnf("could not publish the verdict: %s", Redactor.redact(Failures.describe(e)));
        }
    }

    private void count(String result) {
        outcomes.get(result).incrementAndGet();
    }

    private List<String> primaryDown(List<DependencySnapshot> snaps) {
        return snaps.stream().filter(s -> rules.primary(s) && !s.up()).map(DependencySnapshot::name).toList();
    }

    private static List<DependencySnapshot> nats(List<DependencySnapshot> snaps) {
        return snaps.stream().filter(s -> s.type() == DependencyType.NATS).toList();
    }

    private Map<String, Object> wouldChange() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("record", settings.record());
        m.put("type", settings.recordType());
        m.put("to", settings.drTarget());
        if (provider != null && settings.record() != null) {
            try {
                m.put("from", provider.read(settings.record(), settings.recordType()).map(r -> String.join(",", r.values())).orElse("(absent)"));
            } catch (DnsException | RuntimeException e) {
                m.put("from", "(unreadable: " + Redactor.redact(e.getMessage()) + ")");
            }
        }
        return m;
    }
    /** Every operator call ends here, so each is in the timeline with its caller and outcome. */
    private ControlAnswer answer(String action, String actor, boolean accepted, String message) {
        Instant now = clock.instant();
        journal.entry(accepted ? "OperatorAccepted" : "OperatorRefused", "operator " + actor + " " + action + ": " + message,
                Map.of("action", action, "actor", actor));
        publish(now);
        return new ControlAnswer(action, accepted, message, machine.state());
    }

    // ---- the published picture ---------------------------------------------------------------------

    private void publish(Instant now) {
        Map<String, Long> counts = new LinkedHashMap<>();
        outcomes.forEach((k, v) -> counts.put(k, v.get()));
        FailoverView.Facts facts = new FailoverView.Facts(settings, machine.state(), endpointHealthy(), lastFailoverAt, incident,
                failback, rules.current().values(), MirrorLags.all(nats(snapshots.get())), counts, journal.recent(), now);
        view = FailoverView.full(facts);
        summary = FailoverView.brief(facts);
        detectionSeconds = incident == null || incident.detection() == null ? Double.NaN : incident.detection().toMillis() / 1000.0;
        recoverySeconds = incident == null || incident.recovery() == null ? Double.NaN : incident.recovery().toMillis() / 1000.0;
    }
}
