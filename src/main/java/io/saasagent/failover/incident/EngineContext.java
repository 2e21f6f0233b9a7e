package io.saasagent.failover.incident;

import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.failover.policy.Guards;
import io.saasagent.failover.policy.Outcome;
import io.saasagent.failover.policy.PolicyRules;
import io.saasagent.failover.record.FailoverRecord;
import io.saasagent.failover.record.FailoverStateMachine;
import io.saasagent.failover.record.RecordKeeper;
import io.saasagent.alerting.Alert;
import io.saasagent.coordination.Coordinator;
import io.saasagent.state.DependencySnapshot;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the parts of one failover engine share: the fleet's record as this agent holds it, the state
 * machine, the rules and guards, the journal, the incidents, the outcome counts. The modes and the
 * controls work on it, so they never need the engine itself. Owned by one engine; used under its lock.
 */
public final class EngineContext {
    private final FailoverSettings settings;
    private final Coordinator coordinator;
    private final Clock clock;
    private final Supplier<List<DependencySnapshot>> snapshots;
    private final PolicyRules rules;
    private final Guards guards;
    private final FailoverStateMachine machine;
    private final FailoverJournal journal;
    private final RecordKeeper keeper;
    private final Incidents incidents;
    private final FleetAlerts fleetAlerts;
    private final Map<Outcome, AtomicLong> outcomes = new EnumMap<>(Outcome.class);
    private FailoverRecord record = new FailoverRecord();
    private Runnable opened = () -> { };
    private BooleanSupplier weighted = () -> false;
    private Supplier<io.saasagent.failover.policy.Refusal> regionFence = () -> null;
    private BooleanSupplier recordWatched = () -> true;

    public EngineContext(FailoverSettings settings, Supplier<List<DependencySnapshot>> snapshots, Coordinator coordinator,
                         Consumer<Alert> alerts, Clock clock) {
        this.settings = settings;
        this.snapshots = snapshots;
        this.coordinator = coordinator;
        this.clock = clock;
        this.rules = new PolicyRules(settings.rules(), settings.drDependency(), settings.metricsWindow(),
                settings.region().standby() ? settings.region().primaryDependency() : null);
        this.guards = new Guards(settings, coordinator);
        this.machine = new FailoverStateMachine(clock);
        this.journal = new FailoverJournal(settings, coordinator, alerts, clock, () -> record);
        this.keeper = new RecordKeeper(coordinator.recordStore(), coordinator.recordReadInterval());
        this.incidents = new Incidents(this);
        this.fleetAlerts = new FleetAlerts(this);
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new AtomicLong());
        }
    }

    /** The mode's hooks: a new incident opened; whether failback is gradual. */
    public void modeHooks(Runnable onOpened, BooleanSupplier isWeighted) {
        this.opened = onOpened;
        this.weighted = isWeighted;
    }

    /** The region's fence, asked before every DNS write after the lease (role none: never refuses). */
    public void regionFence(Supplier<io.saasagent.failover.policy.Refusal> fence) {
        this.regionFence = fence;
    }

    /** Whether the holder adopts and verifies what the record answers (a standby that does not own it does not). */
    public void recordWatched(BooleanSupplier watched) {
        this.recordWatched = watched;
    }

    public boolean recordWatched() {
        return recordWatched.getAsBoolean();
    }

    /** Null when the region lets this agent write DNS now; else the refusal. */
    public io.saasagent.failover.policy.Refusal regionFence() {
        return regionFence.get();
    }

    public FailoverSettings settings() {
        return settings;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public Clock clock() {
        return clock;
    }

    public PolicyRules rules() {
        return rules;
    }

    public Guards guards() {
        return guards;
    }

    public FailoverStateMachine machine() {
        return machine;
    }

    public FailoverJournal journal() {
        return journal;
    }

    public RecordKeeper keeper() {
        return keeper;
    }

    public Incidents incidents() {
        return incidents;
    }

    public FleetAlerts fleetAlerts() {
        return fleetAlerts;
    }

    /** The fleet's record as this agent holds it now. */
    public FailoverRecord record() {
        return record;
    }

    public void record(FailoverRecord r) {
        record = r;
    }

    public void count(Outcome outcome) {
        outcomes.get(outcome).incrementAndGet();
    }

    public long outcomeCount(Outcome outcome) {
        return outcomes.get(outcome).get();
    }

    void opened() {
        opened.run();
    }

    public boolean weighted() {
        return weighted.getAsBoolean();
    }

    public List<String> primaryDown(List<DependencySnapshot> snaps) {
        return snaps.stream().filter(s -> rules.primary(s) && !s.up()).map(DependencySnapshot::name).toList();
    }

    public List<DependencySnapshot> snapshots(DependencySnapshot probed) {
        List<DependencySnapshot> snaps = snapshots.get();
        return probed == null ? snaps : snaps.stream().map(s -> s.name().equals(probed.name()) ? probed : s).toList();
    }
}
