package io.saasagent.state;

import io.saasagent.config.AgentConfig;
import io.saasagent.probe.Dependencies;
import io.saasagent.probe.Dependency;
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
    Dependencies dependencies;

    @Inject
    Clock clock;

    @Inject
    Event<DependencyEvent> events;

    private Map<String, DependencyState> states = Map.of();

    @PostConstruct
    void build() {
        Map<String, DependencyState> built = new TreeMap<>();
        dependencies.all().forEach((name, d) -> built.put(name, new DependencyState(settings(d, config.metrics().window()), clock, events::fire)));
        states = Collections.unmodifiableMap(built);
    }

    /** One dependency's thresholds and breaker timings, as configured. */
    public static DependencyState.Settings settings(Dependency d, java.time.Duration window) {
        return new DependencyState.Settings(d.name(), d.type(), d.critical(), d.failureThreshold(), d.successThreshold(),
                d.openDuration(), d.backoffMultiplier(), d.maxOpenDuration(), window, d.failover());
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
