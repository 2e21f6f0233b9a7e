package io.saasagent.cluster;

import io.quarkus.runtime.StartupEvent;
import io.saasagent.cluster.check.ClusterCheck;
import io.saasagent.cluster.check.ClusterChecksConfig;
import io.saasagent.config.AgentConfig;
import io.saasagent.config.StartupValidation;
import io.saasagent.support.StartupPriorities;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The configured cluster checks and their last report: what /health/saas, the metrics and /failover
 * read (lock-free, one volatile picture), and what the runner, wherever leadership is known, writes. It
 * reads and validates {@code agent.cluster-checks.*} at start: a bad key stops the agent with one line.
 */
@ApplicationScoped
public class ClusterResults {

    @Inject
    AgentConfig config;

    private volatile ClusterChecksConfig.Parsed parsed = new ClusterChecksConfig.Parsed(ClusterChecksConfig.DEFAULT_INTERVAL, List.of(), List.of());
    private volatile String defaultNamespace = "";
    private volatile ClusterReport report = ClusterReport.unmeasured(List.of(), "not checked yet", Instant.EPOCH);

    public ClusterResults() {
    }

    /** Without CDI (tests): the checks of {@code parsed}. */
    public ClusterResults(ClusterChecksConfig.Parsed parsed) {
        use(parsed);
    }

    void validate(@Observes @Priority(StartupPriorities.VALIDATE + 1) StartupEvent event) {
        ClusterChecksConfig.Parsed p = ClusterChecksConfig.parse(ClusterChecksConfig.properties(config.clusterChecks()));
        StartupValidation.refuse(p.errors());
        use(p);
    }

    private void use(ClusterChecksConfig.Parsed p) {
        parsed = p;
        report = ClusterReport.unmeasured(p.checks(), "not checked yet", Instant.EPOCH);
    }

    public List<ClusterCheck> checks() {
        return parsed.checks();
    }

    public Duration interval() {
        return parsed.interval();
    }

    public ClusterReport report() {
        return report;
    }

    void update(ClusterReport next) {
        report = next;
    }

    /** The namespace of checks that name none (the agent's own), for showing objects. */
    public String defaultNamespace() {
        return defaultNamespace;
    }

    void defaultNamespace(String namespace) {
        defaultNamespace = namespace;
    }
}
