package io.saasagent.watchdog;

import io.saasagent.support.StartupPriorities;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.saasagent.probe.Dependencies;
import io.saasagent.probe.Dependency;
import io.saasagent.probe.ProbeContext;
import io.saasagent.probe.ProbeFactory;
import io.saasagent.state.DependencyRegistry;
import io.saasagent.support.StartupPriorities;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Starts one {@link ProbeLoop} per configured dependency once the configuration is known good. */
@ApplicationScoped
public class Watchdog {
    private static final Logger LOG = Logger.getLogger(Watchdog.class);

    @Inject
    Dependencies dependencies;

    @Inject
    DependencyRegistry registry;

    @Inject
    Clock clock;

    /** Quarkus's Vert.x: the reactive clients' probes open their single connections on it. */
    @Inject
    Vertx vertx;

    private final List<ProbeLoop> loops = new ArrayList<>();

    void start(@Observes @Priority(StartupPriorities.PROBES) StartupEvent event) {
        ProbeContext context = new ProbeContext(vertx);
        registry.all().forEach(state -> {
            Dependency d = dependencies.all().get(state.settings().name());
            ProbeLoop loop = new ProbeLoop(state, ProbeFactory.create(d.target(), context), d.interval(), d.timeout(), clock);
            loops.add(loop);
            loop.start();
            LOG.infof("probing %s (%s) %s every %s, timeout %s, critical=%s, failover=%s", d.name(), d.type().id(),
                    d.target().safeUrl(), d.interval(), d.timeout(), d.critical(), d.failover());
        });
    }

    void stop(@Observes ShutdownEvent event) {
        loops.forEach(ProbeLoop::close);
    }

    /** Names of the loops that have stopped ticking; empty when the agent is live. */
    public List<String> stuckLoops() {
        return loops.stream().filter(l -> !l.alive()).map(ProbeLoop::name).toList();
    }
}
