package io.saasagent.probe;

import io.saasagent.config.AgentConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Map;

/** The configured dependencies, each built once (after start-up validation: the first reader comes later). */
@ApplicationScoped
public class Dependencies {

    @Inject
    AgentConfig config;

    @Inject
    Clock clock;

    private Map<String, Dependency> all = Map.of();

    @PostConstruct
    void build() {
        all = Dependency.all(config, clock);
    }

    /** Every dependency by name, sorted. */
    public Map<String, Dependency> all() {
        return all;
    }
}
