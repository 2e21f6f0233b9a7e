package io.saasagent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration tree, rooted at {@code agent.}. Key names are the public interface
 * (documented in docs/configuration.md). Values whose syntax Quarkus cannot check (type names, URLs, modes)
 * are kept as strings here and checked by {@link ConfigValidator}, so a bad value stops start-up
 * with one line naming the key instead of a converter stack trace.
 */
@ConfigMapping(prefix = "agent")
public interface AgentConfig {

    /** The dependencies to probe, by name: {@code agent.dependencies.<name>.*}. */
    Map<String, DependencyConfig> dependencies();

    Metrics metrics();

    Health health();

    FailoverConfig failover();

    /** {@code agent.notify.*} (named so because notify() is Object's). */
    @WithName("notify")
    NotifyConfig notifications();

    /** {@code agent.statuspage.*}: the public status page the lease holder keeps up to date during a failover. */
    Statuspage statuspage();

    Admin admin();

    Coordination coordination();

    /** {@code agent.region.*}: this agent's region and its role in a two-region take-over (active mode). */
    Region region();

    /**
     * {@code agent.cluster-checks.*}: declared here so that the mapping knows the keys; read and checked
     * by {@code io.saasagent.cluster.check.ClusterChecksConfig}, where each kind owns its objective keys.
     */
    @WithName("cluster-checks")
    ClusterChecks clusterChecks();

    interface ClusterChecks {
        /** Kept as text: a bad value must be one line naming the key, not a converter's stack trace. */
        Optional<String> interval();

        /** By check name: kind, namespace, name and the kind's objectives. */
        @WithParentName
        Map<String, Map<String, String>> checks();
    }

    interface Metrics {
        /** Prefix of every metric name: saas_dependency_up, ... */
        @WithDefault("saas")
        String prefix();

        /** Sliding window for error rate and latency percentiles. */
        @WithDefault("5m")
        Duration window();
    }

    interface Health {
        /** Adds critical dependencies to readiness. Off by default: a shared dependency down must not pull every pod. */
        @WithDefault("false")
        boolean readinessIncludesCritical();
    }

    /** Atlassian Statuspage (v1 API); on when page-id is set. */
    interface Statuspage {
        Optional<String> pageId();

        /** The API key ({@code Authorization: OAuth <key>}): a secret, from an env var or api-key-file. */
        Optional<String> apiKey();

        Optional<String> apiKeyFile();

        /** The component set to major_outage while failed over (and operational once resolved); none: incidents only. */
        Optional<String> componentId();

        @WithDefault("https://api.statuspage.io/v1")
        String apiUrl();

        /** How often an update is posted while the incident lasts (the runbook: every 5 minutes). */
        @WithDefault("5m")
        Duration updateInterval();

        /** A directory whose failover.txt, update.txt, monitoring.txt or resolved.txt (Qute) replace the shipped texts. */
        Optional<String> templates();
    }

    interface Admin {
        /** Bearer token of the control endpoints; none configured disables them (403). */
        Optional<String> token();

        Optional<String> tokenFile();
    }

    /**
     * The two-region roles. The primary fleet's holder keeps a heartbeat TXT record in the zone; the standby
     * fleet takes over (one compare-and-set of the failover record and the heartbeat) when the primary is gone.
     */
    interface Region {
        /** This agent's region, e.g. eu-west-1; required with a role. */
        Optional<String> name();

        /** none (no region roles: one region's fleet moves DNS), primary or standby. */
        @WithDefault("none")
        String role();

        /** The heartbeat TXT record; default {@code _saas-agent.<agent.failover.record>}. */
        Optional<String> heartbeatRecord();

        @WithDefault("10s")
        Duration heartbeatInterval();

        /** A primary holder that has not refreshed the heartbeat for this long stops acting as primary. */
        @WithDefault("30s")
        Duration fenceAfter();

        /** The standby takes over only after the heartbeat has not changed for this long (its own clock). */
        @WithDefault("90s")
        Duration takeoverAfter();

        /** The standby's http dependency probing the primary region's public endpoint. */
        Optional<String> primaryDependency();

        /** none or route53-health-check. */
        @WithDefault("none")
        String witness();

        /** The Route 53 health check whose checkers' observations the witness reads. */
        Optional<String> witnessHealthCheckId();

        /** The witness is read at most this often. */
        @WithDefault("30s")
        Duration witnessInterval();
    }

    interface Coordination {
        /** auto (Kubernetes when running in a pod), kubernetes, or none (a single agent is its own leader). */
        @WithDefault("auto")
        String mode();

        @WithDefault("saas-agent-failover")
        String leaseName();

        /** Defaults to the pod's namespace (POD_NAMESPACE). */
        Optional<String> namespace();

        @WithDefault("15s")
        Duration leaseDuration();

        @WithDefault("10s")
        Duration renewDeadline();

        /** How often the lease holder renews (one read and one update each time). */
        @WithDefault("2s")
        Duration retryPeriod();

        /**
         * How often an agent that does not hold the lease reads it to see whether it expired. Longer than
         * retry-period because non-holders are the load that grows with the number of agents; a takeover
         * happens at most this long (plus jitter) after the lease expires.
         */
        @WithDefault("5s")
        Duration candidateRetryPeriod();

        /** Label selector finding the peer agents' pods. */
        @WithDefault("app.kubernetes.io/name=saas-api")
        String peerSelector();

        /** The pod's identity, from the downward API. */
        @WithName("pod-name")
        Optional<String> podName();

        @WithName("pod-namespace")
        Optional<String> podNamespace();

        /** The pod's uid (downward API {@code metadata.uid}, env POD_UID) for the Events' involvedObject. */
        @WithName("pod-uid")
        Optional<String> podUid();

        /**
         * A peer's verdict older than this does not count towards a quorum. An agent that sees a failure
         * re-publishes its verdict every quarter of this while the failure lasts; a healthy agent writes
         * only when its verdict changes.
         */
        @WithDefault("2m")
        Duration verdictMaxAge();

        /** Repeats of the same decision are folded into one Event (count) written at most this often. */
        @WithDefault("30s")
        Duration eventMinInterval();

        /** The ConfigMap beside the Lease holding the fleet's failover record (state, incident, requests). */
        @WithDefault("saas-agent-failover-record")
        String recordName();
    }
}
