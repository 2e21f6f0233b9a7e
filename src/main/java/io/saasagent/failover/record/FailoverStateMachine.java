package io.saasagent.failover.record;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The failover states and the only moves allowed between them, after Resilience4j's
 * CircuitBreakerStateMachine: every move goes through {@link #transition}, which refuses a move not
 * in the table and publishes a {@link Transition} to every listener.
 *
 * <pre>
 *   ARMED        -> FIRED          a dns_failover rule fires, or an operator triggers
 *   FIRED        -> FAILING_OVER   guards pass (active and passive); dry-run stays FIRED
 *   FIRED        -> ARMED          the rule resolved before anything was carried out
 *   FAILING_OVER -> FAILED_OVER    record written and verified, or already answering the DR target
 *   FAILING_OVER -> FIRED          write failed, ownership refused, or fenced (lease or quorum lost): retried
 *   FAILED_OVER  -> FAILING_BACK   operator failback, the primary healthy
 *   FAILING_BACK -> ARMED          last failback step written
 *   FAILING_BACK -> FAILED_OVER    the primary failed during a hold: traffic back to the DR target
 *   (any)        -> DISARMED       operator disarm: nothing moves (no failover, failback or drift repair) until arm
 *   DISARMED     -> ARMED          operator arm
 *   DISARMED     -> FAILED_OVER    operator arm, disarmed while failed over (or failing back)
 * </pre>
 * The state is the fleet's: the lease holder moves it and keeps it in the fleet's record; every other
 * agent {@link #adopt adopts} it from there.
 */
public final class FailoverStateMachine {

    /** One move, published to listeners and kept in the incident timeline. */
    public record Transition(FailoverState from, FailoverState to, String cause, Instant at) {
    }

    private static final Map<FailoverState, Set<FailoverState>> ALLOWED = new EnumMap<>(FailoverState.class);

    static {
        ALLOWED.put(FailoverState.ARMED, EnumSet.of(FailoverState.FIRED, FailoverState.DISARMED));
        ALLOWED.put(FailoverState.FIRED, EnumSet.of(FailoverState.FAILING_OVER, FailoverState.ARMED, FailoverState.DISARMED));
        ALLOWED.put(FailoverState.FAILING_OVER, EnumSet.of(FailoverState.FAILED_OVER, FailoverState.FIRED, FailoverState.DISARMED));
        ALLOWED.put(FailoverState.FAILED_OVER, EnumSet.of(FailoverState.FAILING_BACK, FailoverState.DISARMED));
        ALLOWED.put(FailoverState.FAILING_BACK, EnumSet.of(FailoverState.ARMED, FailoverState.FAILED_OVER, FailoverState.DISARMED));
        ALLOWED.put(FailoverState.DISARMED, EnumSet.of(FailoverState.ARMED, FailoverState.FAILED_OVER));
    }

    private final Clock clock;
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();
    private volatile FailoverState state = FailoverState.ARMED;

    public FailoverStateMachine(Clock clock) {
        this.clock = clock;
    }

    public FailoverState state() {
        return state;
    }

    public boolean can(FailoverState to) {
        return ALLOWED.get(state).contains(to);
    }

    public void onTransition(Consumer<Transition> listener) {
        listeners.add(listener);
    }

    /**
     * Moves to {@code to}.
     *
     * @throws IllegalStateException when the table has no such move (a bug in the caller, never an input error)
     */
    public synchronized Transition transition(FailoverState to, String cause) {
        FailoverState from = state;
        if (!ALLOWED.get(from).contains(to)) {
            throw new IllegalStateException("no failover transition " + from.id() + " -> " + to.id() + " (" + cause + ")");
        }
        state = to;
        Transition t = new Transition(from, to, cause, clock.instant());
        listeners.forEach(l -> l.accept(t));
        return t;
    }

    /**
     * Takes the fleet's state as its record says (start-up, a follower's read, a new holder): the move
     * happened elsewhere, so no table check and no listener; the caller notes it when it matters.
     */
    public synchronized void adopt(FailoverState to) {
        state = to;
    }

    /** The table, for the README and /failover. */
    public static Map<FailoverState, Set<FailoverState>> allowed() {
        return Map.copyOf(ALLOWED);
    }
}
