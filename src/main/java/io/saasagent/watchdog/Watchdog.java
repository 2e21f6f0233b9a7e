package io.saasagent.watchdog;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
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
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds one {@link ProbeLoop} per configured dependency once the configuration is known good, and starts them once
 * the HTTP server listens: the first probes (a TLS handshake, a SCRAM login, a JetStream call) would otherwise share
 * the start-up's two cores with it and delay the first answer to {@code /health/ready}. Until then every dependency
 * is {@code unknown}, as it is during any first probe.
 */
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

    /** When no HTTP server start is announced (none configured, or it failed), probing starts this late anyway. */
    static final long START_AT_LATEST_MILLIS = 2_000;

    /**
     * Runs the latest start: a Vert.x timer, which costs no thread of its own (a JDK delayed executor kept two idle
     * threads for the agent's life); a test gives its own executor to fire it without waiting.
     */
    Executor latestStart = task -> vertx.setTimer(START_AT_LATEST_MILLIS, id -> task.run());

    final List<ProbeLoop> loops = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();

    void build(@Observes @Priority(StartupPriorities.PROBES) StartupEvent event) {
        ProbeContext context = new ProbeContext(vertx);
        registry.all().forEach(state -> {
            Dependency d = dependencies.all().get(state.settings().name());
            ProbeLoop loop = new ProbeLoop(state, ProbeFactory.create(d.target(), context), d.interval(), d.timeout(), clock);
            loops.add(loop);
            LOG.infof("probing %s (%s) %s every %s, timeout %s, critical=%s, failover=%s", d.name(), d.type().id(),
                    d.target().safeUrl(), d.interval(), d.timeout(), d.critical(), d.failover());
        });
        scheduleLatestStart();
    }

    void scheduleLatestStart() {
        latestStart.execute(this::startProbing);
    }

    void httpListening(@ObservesAsync HttpServerStart event) {
        startProbing();
    }

    void httpsListening(@ObservesAsync HttpsServerStart event) {
        startProbing();
    }

    /** Once: the first of the HTTP server's announcement and the latest start. True when this call started them. */
    boolean startProbing() {
        if (!started.compareAndSet(false, true)) {
            return false;
        }
        loops.forEach(ProbeLoop::start);
        return true;
    }

    void stop(@Observes ShutdownEvent event) {
        started.set(true); // a shutdown during start-up: nothing starts after this
        loops.forEach(ProbeLoop::close);
    }

    /** Names of the loops that have stopped ticking; empty when the agent is live. */
    public List<String> stuckLoops() {
        return loops.stream().filter(l -> !l.alive()).map(ProbeLoop::name).toList();
    }
}
