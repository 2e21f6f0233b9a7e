package io.saasagent.failover;

import io.saasagent.failover.record.PublicIncident;
import io.saasagent.failover.control.ControlAnswer;
import io.saasagent.failover.control.FailoverControl;
import io.saasagent.failover.policy.FailoverMode;
import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.failover.policy.RuleSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.saasagent.alerting.Alert;
import io.saasagent.cluster.ClusterResults;
import io.saasagent.cluster.ClusterResultsShare;
import io.saasagent.cluster.ClusterView;
import io.saasagent.config.AgentConfig;
import io.saasagent.coordination.Coordinator;
import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsProviderFactory;
import io.saasagent.health.FailoverSummary;
import io.saasagent.support.Failures;
import io.saasagent.state.DependencyEvent;
import io.saasagent.state.DependencyRegistry;
import io.saasagent.support.Redactor;
import io.saasagent.support.Sleeper;
import io.saasagent.support.StartupPriorities;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The CDI wrapper of {@link FailoverEngine}: builds it from the configuration, picks the DNS provider
 * among the {@link DnsProviderFactory} beans by id, feeds it the dependency events and a one-second
 * tick on its own single thread (probe threads only enqueue), fires its alerts as CDI events, and
 * serves the failover part of /health/saas and /health/failover.
 */
@ApplicationScoped
public class FailoverService implements FailoverSummary, FailoverControl {
    private static final Logger LOG = Logger.getLogger(FailoverService.class);

    @Inject
    AgentConfig config;

    @Inject
    DependencyRegistry registry;

    @Inject
    Coordinator coordinator;

    @Inject
    Instance<DnsProviderFactory> factories;

    @Inject
    Event<Alert> alertEvents;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry meters;

    @Inject
    ClusterResults cluster;

    private volatile FailoverEngine engine;
    private volatile EngineThread thread;
    private DnsProvider provider;
    private io.saasagent.dns.Route53HealthCheckWitness witness;

    void start(@Observes @Priority(StartupPriorities.POLICY) StartupEvent event) {
        FailoverSettings settings = FailoverSettings.from(config);
        provider = provider(settings.mode());
        FailoverEngine built = new FailoverEngine(settings, registry::snapshots, coordinator, provider, this::fireAlert, clock, Sleeper.REAL);
        witness(settings, built);
        EngineThread t = new EngineThread(built, "failover-engine").ticking(java.time.Duration.ofSeconds(1));
        FailoverMetrics.bind(built, t.inbox(), config.metrics().prefix(), meters);
        thread = t;
        engine = built;
        LOG.infof("failover policy %s, mode %s, provider %s, record %s, rules %s", built.state().id(), settings.mode().id(),
                provider == null ? "none" : provider.id(), settings.record(),
                settings.rules().stream().filter(RuleSpec::enabled).map(r -> r.name() + "(" + r.action().id() + ")").toList());
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread != null) {
            thread.close();
        }
        if (provider != null) {
            provider.close();
        }
        if (witness != null) {
            witness.close();
        }
    }

    /** The standby's take-over witness (agent.region.witness): Route 53's checkers; a failing one refuses every take-over. */
    private void witness(FailoverSettings settings, FailoverEngine engine) {
        if (!settings.region().standby() || settings.region().witness() != io.saasagent.region.RegionSettings.WitnessKind.ROUTE53_HEALTH_CHECK) {
            return;
        }
        try {
            io.saasagent.dns.Route53HealthCheckWitness w = io.saasagent.dns.Route53HealthCheckWitness.create(config, provider, clock);
            witness = w;
            engine.region().witness(new io.saasagent.region.Route53Witness(w, settings.region().witnessHealthCheckId()));
        } catch (RuntimeException e) {
            // The engine then finds no witness: every take-over is refused and alerted (fail closed).
            LOG.errorf("agent.region.witness: the Route 53 health check witness cannot be built: %s", Redactor.redact(Failures.describe(e)));
        }
    }

    /** Probe threads only hand the snapshot over (coalesced per dependency); the engine runs on its own thread. */
    void onDependency(@Observes DependencyEvent event) {
        EngineThread t = thread;
        if (t != null) {
            t.onEvent(event);
        }
    }

    /**
     * The cluster checks' way to the fleet's record, through the engine that alone writes it; nothing
     * before the engine is built (the checks start after it: POLICY + 1).
     */
    @Produces
    @Dependent
    ClusterResultsShare clusterShare() {
        FailoverEngine e = engine;
        return e == null ? ClusterResultsShare.NONE : e.clusterShare();
    }

    /** Runs an operator action on the engine's thread: its answer, or the truth about it, within 2 s. */
    public ControlAnswer control(String action, String actor) {
        require();
        return thread.control(action, actor);
    }

    /**
     * The Statuspage publisher's one write into the fleet's record: the public incident opened for the
     * fleet's incident. Handed to the engine's thread; never waits.
     */
    public void linkPublicIncident(PublicIncident link) {
        EngineThread t = thread;
        if (t != null) {
            t.execute(() -> t.engine().linkPublicIncident(link));
        }
    }

    /** The public incident in the fleet's record, as last adopted or written; empty when none. */
    public Optional<PublicIncident> publicIncident() {
        FailoverEngine e = engine;
        return e == null ? Optional.empty() : Optional.ofNullable(e.publicIncident());
    }

    /** Adds a line to the timeline without waiting. */
    public void note(String event, String message, Map<String, Object> evidence) {
        EngineThread t = thread;
        if (t != null) {
            t.execute(() -> t.engine().note(event, message, evidence));
        }
    }

    /** GET /failover: the engine's picture plus the coordinator's summary. */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>(require().view());
        m.put("coordination", coordinator.summary());
        m.put("dr_readiness", ClusterView.readiness(cluster));
        return m;
    }

    @Override
    public Map<String, Object> summary() {
        FailoverEngine e = engine;
        return e == null ? Map.of("state", "starting") : e.summary();
    }

    @Override
    public boolean failoverEndpointHealthy() {
        FailoverEngine e = engine;
        return e == null || e.endpointHealthy();
    }

    @Override
    public String failoverEndpointBasis() {
        FailoverEngine e = engine;
        return e == null ? null : e.endpointBasis();
    }

    @Override
    public Optional<String> stalled() {
        FailoverEngine e = engine;
        return e == null ? Optional.empty() : e.stalled();
    }

    private FailoverEngine require() {
        FailoverEngine e = engine;
        if (e == null) {
            throw new IllegalStateException("the failover policy is not started yet");
        }
        return e;
    }

    private void fireAlert(Alert alert) {
        if (alert.firing() && alert.dedupKey().startsWith("saas-agent/failover/")) {
            // Whoever is paged for a failover sees at once whether the DR region is ready (secrets, config, backups).
            Map<String, Object> evidence = new LinkedHashMap<>(alert.evidence());
            evidence.put("dr_readiness", ClusterView.readinessLine(cluster));
            alert = new Alert(alert.dedupKey(), alert.rule(), alert.severity(), true, alert.summary(), evidence, alert.at());
        }
        alertEvents.fire(alert);
    }

    /**
     * The provider named by agent.failover.provider. Active mode cannot run without it: a missing or
     * unusable one stops start-up with one line naming the key. Dry-run uses it, when it can be built,
     * only to read the current record; passive never needs it.
     */
    private DnsProvider provider(FailoverMode mode) {
        if (mode == FailoverMode.PASSIVE) {
            return null;
        }
        String id = config.failover().provider();
        Map<String, DnsProviderFactory> byId = factories.stream()
                .collect(Collectors.toMap(DnsProviderFactory::id, Function.identity(), (a, b) -> a));
        Optional<DnsProviderFactory> factory = Optional.ofNullable(byId.get(id));
        if (factory.isEmpty()) {
            return unusable(mode, "agent.failover.provider: no DNS provider '" + id + "' in this build (available: "
                    + String.join(", ", byId.keySet().stream().sorted().toList()) + ")");
        }
        try {
            return factory.get().create(config.failover());
        } catch (IllegalArgumentException e) {
            // A factory's configuration error: "key: problem", never quoting a secret (and the redactor would
            // mistake "tsig-secret: not valid base64" for a key=value credential).
            return unusable(mode, e.getMessage());
        } catch (RuntimeException e) {
            return unusable(mode, "agent.failover.provider: " + id + " cannot be built: " + Redactor.redact(Failures.describe(e)));
        }
    }

    private static DnsProvider unusable(FailoverMode mode, String problem) {
        if (mode == FailoverMode.ACTIVE) {
            LOG.error("Invalid configuration: " + problem);
            System.err.flush();
            Runtime.getRuntime().halt(1); // as StartupValidation: no half-started agent in active mode
        }
        LOG.infof("%s mode: no DNS provider to read the current record (%s)", mode.id(), problem);
        return null;
    }
}
