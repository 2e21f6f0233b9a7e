package io.saasagent.coordination;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.saasagent.config.AgentConfig;
import io.saasagent.metrics.MetricNames;
import io.saasagent.support.StartupPriorities;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The one {@link Coordinator} bean, chosen at run time (not build time, so one image serves both):
 * {@link KubernetesCoordinator} when {@code agent.coordination.mode} is kubernetes, or auto inside a
 * pod; otherwise {@link SingleAgentCoordinator}. Also exports {@code <prefix>_leader}.
 */
@ApplicationScoped
public class CoordinatorProducer {
    private static final Logger LOG = Logger.getLogger(CoordinatorProducer.class);

    @Inject
    AgentConfig config;

    @Inject
    Clock clock;

    @Inject
    Instance<KubernetesClient> kubernetesClient;

    @Inject
    MeterRegistry registry;

    @Produces
    @ApplicationScoped
    Coordinator coordinator() {
        CoordinationMode mode = CoordinationMode.choose(config.coordination().mode(), System::getenv, CoordinationMode.SERVICE_ACCOUNT);
        if (mode == CoordinationMode.KUBERNETES) {
            KubernetesClient client = kubernetesClient.get();
            CoordinationSettings settings = CoordinationSettings.resolve(config.coordination(), System::getenv,
                    CoordinationMode.SERVICE_ACCOUNT, client.getNamespace());
            KubernetesCoordinator coordinator = new KubernetesCoordinator(client, settings, clock).start();
            leaderGauge(coordinator::leading);
            return coordinator;
        }
        SingleAgentCoordinator single = new SingleAgentCoordinator(config.failover().stateFile()
                .filter(f -> !f.isBlank()).<RecordStore>map(f -> new FileRecordStore(Path.of(f.strip()))).orElseGet(RecordStore::memory));
        LOG.infof("coordination: none (agent.coordination.mode=%s, not in a pod): %s is its own leader",
                config.coordination().mode(), single.identity());
        leaderGauge(() -> true);
        return single;
    }

    private void leaderGauge(BooleanSupplier leading) {
        Gauge.builder(MetricNames.name(config.metrics().prefix(), "leader"), () -> leading.getAsBoolean() ? 1 : 0)
                .description("1 on the agent that holds the failover lease (always 1 for a single agent)")
                .register(registry);
    }

    /** Created at start, not at the first incident: the election must already have a holder then. */
    void start(@Observes @Priority(StartupPriorities.COORDINATION) StartupEvent event, Coordinator coordinator) {
        try {
            coordinator.identity();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CoordinationSettings.Unresolved) {
                    // One line naming the key, as for every bad configuration (see StartupValidation).
                    LOG.error("Invalid configuration: " + t.getMessage());
                    System.err.flush();
                    Runtime.getRuntime().halt(1);
                }
            }
            throw e;
        }
    }

    void close(@Disposes Coordinator coordinator) {
        if (coordinator instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warnf("closing the coordinator: %s", e.toString());
            }
        }
    }
}
