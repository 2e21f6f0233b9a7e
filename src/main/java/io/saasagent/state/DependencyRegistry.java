package io.saasagent.state;

import io.saasagent.config.AgentConfig;
import io.saasagent.probe.DependencyType;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every dependency's state by name. Built once from the (already validated) configuration. */
@ApplicationScoped
public class DependencyRegistry {

    @Inject
    AgentConfig config;

    @Inject
    Clock clock;

    @Inject
    Event<DependencyEvent> events;

    private Map<String, DependencyState> states = Map.of();

    @PostConstruct
    void build() {
        Map<String, DependencyState> built = new TreeMap<>();
        config.dependencies().forEach((name, c) -> built.put(name, new DependencyState(settings(name, c, config.metrics()), clock, events::fire)));
        states = Collections.unmodifiableMap(built);
    }

    /** One dependency's thresholds and breaker timings, as configured. */
    public static DependencyState.Settings settings(String name, AgentConfig.DependencyConfig c, AgentConfig.Metrics metrics) {
        return new DependencyState.Settings(name, DependencyType.parse(c.type()).orElseThrow(), c.critical(),
                c.failureThreshold(), c.successThreshold(),
                c.circuit().openDuration(), c.circuit().backoffMultiplier(), c.circuit().maxOpenDuration(), metrics.window());
    }

    public Collection<DependencyState> all() {
        return states.values();
    }

    public Optional<DependencyState> get(String name) {
        return Optional.ofNullable(states.get(name));
    }

    /** Every dependency's current picture, sorted by name. Never blocks. */
    public List<DependencySnapshot> snapshots() {
        return states.values().stream().map(DependencyState::snapshot).toList();
    }

    /** True once every dependency has a result (or is skipped by an open circuit). */
    public boolean firstRoundDone() {
        return states.values().stream().allMatch(s -> s.snapshot().probes() > 0);
    }
}
