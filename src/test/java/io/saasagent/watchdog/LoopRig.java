package io.saasagent.watchdog;

import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeTarget;
import io.saasagent.state.DependencyEvent;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyState;
import io.saasagent.state.DependencyStatus;
import io.saasagent.testing.Await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One real {@link ProbeLoop} feeding one real {@link DependencyState} (thresholds 3 and 2, a breaker
 * that re-admits a probe after 100 ms), recording every event, for tests that drive a real probe
 * against a real server and watch the transitions.
 */
final class LoopRig implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(100);
    static final int FAILURE_THRESHOLD = 3;
    static final int SUCCESS_THRESHOLD = 2;
    static final Set<DependencyStatus> DOWN = Set.of(DependencyStatus.UNHEALTHY, DependencyStatus.CIRCUIT_OPEN);

    final List<DependencyEvent> events = new CopyOnWriteArrayList<>();
    final DependencyState state;
    final ProbeLoop loop;

    LoopRig(ProbeTarget target, Probe probe) {
        Duration open = Duration.ofMillis(100);
        DependencyState.Settings settings = new DependencyState.Settings(target.name(), target.type(), true,
                FAILURE_THRESHOLD, SUCCESS_THRESHOLD, open, 1.0, open, Duration.ofMinutes(5));
        state = new DependencyState(settings, Clock.systemUTC(), events::add);
        loop = new ProbeLoop(state, probe, INTERVAL, target.timeout(), Clock.systemUTC());
    }

    LoopRig start() {
        loop.start();
        return this;
    }

    /** Where the next {@link #awaitChange} starts looking. */
    int mark() {
        return events.size();
    }

    /** The first status change after {@code mark} into one of {@code statuses}: the snapshot right after it. */
    DependencySnapshot awaitChange(int mark, Set<DependencyStatus> statuses, Duration max) {
        return Await.value(max, "a status change to " + statuses + " of " + state.settings().name() + " (now "
                + state.snapshot().status() + ", last error " + state.snapshot().lastError() + ")", () -> events.stream().skip(mark)
                .filter(e -> e.kind() == DependencyEvent.Kind.STATUS_CHANGED && statuses.contains(e.current().status()))
                .findFirst().map(DependencyEvent::current));
    }

    DependencySnapshot awaitHealthy(int mark) {
        return awaitChange(mark, Set.of(DependencyStatus.HEALTHY), Duration.ofSeconds(20));
    }

    DependencySnapshot awaitDown(int mark) {
        return awaitChange(mark, DOWN, Duration.ofSeconds(20));
    }

    /** Every snapshot published since {@code mark} (after each probe and transition). */
    List<DependencySnapshot> snapshotsSince(int mark) {
        return events.stream().skip(mark).map(DependencyEvent::current).toList();
    }

    Optional<DependencySnapshot> firstChangeSince(int mark) {
        return events.stream().skip(mark).filter(e -> e.kind() == DependencyEvent.Kind.STATUS_CHANGED).findFirst().map(DependencyEvent::current);
    }

    @Override
    public void close() {
        loop.close();
    }
}
