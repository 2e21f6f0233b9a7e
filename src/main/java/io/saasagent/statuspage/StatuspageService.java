package io.saasagent.statuspage;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.saasagent.config.AgentConfig;
import io.saasagent.config.ConfigError;
import io.saasagent.config.StartupValidation;
import io.saasagent.failover.FailoverService;
import io.saasagent.failover.record.PublicIncident;
import io.saasagent.state.DependencyRegistry;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.support.Failures;
import io.saasagent.support.HttpCalls;
import io.saasagent.support.Redactor;
import io.saasagent.support.Retrier;
import io.saasagent.support.RetryPolicy;
import io.saasagent.support.Sleeper;
import io.saasagent.support.StartupPriorities;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The CDI side of the Statuspage publisher: built at start-up when agent.statuspage.page-id is set (after
 * the failover policy, whose view it reads), ticking every second on its own thread. A Statuspage that hangs
 * or answers 5xx costs this thread only.
 */
@ApplicationScoped
public class StatuspageService {
    private static final Logger LOG = Logger.getLogger(StatuspageService.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    @Inject
    AgentConfig config;

    @Inject
    FailoverService failover;

    @Inject
    DependencyRegistry registry;

    @Inject
    Clock clock;

    private ScheduledExecutorService executor;

    void start(@Observes @Priority(StartupPriorities.POLICY + 2) StartupEvent event) {
        Optional<StatuspageSettings> configured = StatuspageSettings.from(config);
        if (configured.isEmpty()) {
            LOG.info("statuspage: not configured (agent.statuspage.page-id)");
            return;
        }
        StatuspageSettings settings = configured.get();
        StatuspageTexts texts;
        try {
            texts = new StatuspageTexts(settings.templates());
        } catch (IllegalArgumentException e) {
            StartupValidation.refuse(List.of(error(e.getMessage())));
            return;
        }
        StatuspageClient client = new StatuspageClient(settings, HttpCalls.client(settings.timeout()),
                new Retrier(new RetryPolicy(settings.maxAttempts(), settings.retryBackoff(), MAX_BACKOFF), Sleeper.REAL), clock);
        StatuspagePublisher publisher = new StatuspagePublisher(settings, client, texts, this::facts, links(failover), clock);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "statuspage");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                publisher.tick();
            } catch (RuntimeException e) {
                LOG.errorf("statuspage step failed: %s", Redactor.redact(Failures.describe(e)));
            }
        }, 1, 1, TimeUnit.SECONDS);
        LOG.infof("statuspage: page %s, component %s, updates every %s%s", settings.pageId(),
                settings.componentId() == null ? "none" : settings.componentId(), settings.updateInterval(),
                settings.dryRun() ? " (dry-run: logs what it would post)" : "");
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** The failover's published view; null until its policy has started. */
    private FailoverFacts facts() {
        try {
            return FailoverFacts.of(failover.view(), drUp());
        } catch (IllegalStateException starting) {
            return null;
        }
    }

    private boolean drUp() {
        return config.failover().drDependency().flatMap(registry::get).map(s -> s.snapshot()).filter(DependencySnapshot::up).isPresent();
    }

    /** The fleet's record, through the failover service: the publisher's one write into it. */
    static IncidentLinks links(FailoverService failover) {
        return new IncidentLinks() {
            @Override
            public Optional<PublicIncident> current() {
                return failover.publicIncident();
            }

            @Override
            public void save(PublicIncident link) {
                failover.linkPublicIncident(link);
            }
        };
    }

    private static ConfigError error(String message) {
        int colon = message.indexOf(": ");
        return colon < 0 ? new ConfigError("agent.statuspage.templates", message)
                : new ConfigError(message.substring(0, colon), message.substring(colon + 2));
    }
}
