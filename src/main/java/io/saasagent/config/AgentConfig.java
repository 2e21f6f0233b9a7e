package io.saasagent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import java.time.Duration;
import java.util.List;
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

    Failover failover();

    /** {@code agent.notify.*} (named so because notify() is Object's). */
    @WithName("notify")
    Notify notifications();

    /** {@code agent.statuspage.*}: the public status page the lease holder keeps up to date during a failover. */
    Statuspage statuspage();

    Admin admin();

    Coordination coordination();

    /** {@code agent.region.*}: this agent's region and its role in a two-region take-over (active mode). */
    Region region();

    /**
     * {@code agent.cluster-checks.*}: declared here so that the mapping knows the keys; read and checked
     * by {@code io.saasagent.cluster.ClusterChecksConfig}, where each kind owns its objective keys.
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

    interface DependencyConfig {
        /** nats, redis, postgres, openmeter, http, tcp, tls. */
        String type();

        /** Where the dependency is: nats://, redis://, postgresql://, http(s)://, tcp://host:port, tls://host[:port]. */
        String url();

        @WithDefault("10s")
        Duration interval();

        /** Hard timeout of one probe, connection and name resolution included; default the smaller of 3 s and interval. */
        Optional<Duration> timeout();

        @WithDefault("3")
        int failureThreshold();

        @WithDefault("2")
        int successThreshold();

        /** A critical dependency unhealthy turns /health/saas 503 (and, by default, feeds the failover rules). */
        @WithDefault("false")
        boolean critical();

        /**
         * Whether an outage of this dependency feeds the dns_failover rules. Default: its critical flag,
         * but false for nats (the runbook's matrix: NATS cluster down is an alert and a manual DR).
         */
        Optional<Boolean> failover();

        /**
         * Whether every pod sees the same dependency (a shared database, the DR region), so its alert rules page once
         * for the fleet, from the lease holder on the quorum's view; false: this pod's own (the API container beside
         * it), paged per pod. Default: false when its URL's host is loopback, else true.
         */
        Optional<Boolean> shared();

        /** Latency above this marks a successful probe degraded ("slow"); below timeout. Default the smaller of 1 s and timeout. */
        Optional<Duration> latencyBudget();

        Optional<String> username();

        Optional<String> usernameFile();

        Optional<String> password();

        Optional<String> passwordFile();

        Optional<String> apiKey();

        Optional<String> apiKeyFile();

        /** nats: origin stream -> mirror stream pairs whose lag is the RPO. */
        Map<String, String> mirrors();

        /** nats: mirror lag (in seconds of publishing) above which the dependency is degraded; default agent.failover.rpo-warn. */
        Optional<Duration> mirrorLagWarn();

        /** redis: used_memory at or above this share of maxmemory is degraded (maxmemory 0 = unlimited). */
        @WithDefault("0.9")
        double memoryWarnRatio();

        /** redis: connected_clients at or above this share of maxclients is degraded. */
        @WithDefault("0.9")
        double clientsWarnRatio();

        /** postgres: client backends at or above this share of max_connections is degraded. */
        @WithDefault("0.8")
        double backendsWarnRatio();

        /** postgres: a transaction open longer than this is degraded. */
        @WithDefault("5m")
        Duration transactionAgeWarn();

        /** postgres: replication lag (primary: replicas' replay lag; standby: replay delay) above this is degraded. */
        @WithDefault("1m")
        Duration replicationLagWarn();

        /**
         * postgres: the WAL archive (pg_stat_archiver) older than this while completed WAL segments wait for
         * the archiver is degraded; an idle database with nothing waiting is not.
         */
        @WithDefault("5m")
        Duration archiveLagWarn();

        Circuit circuit();

        /** http: the status codes that count as success (default 200-399). */
        Optional<List<Integer>> expectedStatus();

        /**
         * TLS (rediss://, nats tls://, postgres sslmode, https://, tls://): trust only the CA
         * certificates in this PEM file instead of the JVM's default trust store.
         */
        Optional<String> tlsCaFile();

        /** tls: a served certificate expiring sooner than this is degraded (the runbook alerts at 30 days). */
        @WithDefault("30d")
        Duration certExpiryWarn();

        /** tls: sooner than this, or expired, or not yet valid, the probe fails. */
        @WithDefault("7d")
        Duration certExpiryCritical();
    }

    /** The timeout a dependency's probes get: its own, or else the smaller of 3 s and its interval. */
    static Duration timeoutOf(DependencyConfig c) {
        Duration fallback = Duration.ofSeconds(3);
        boolean shorter = !c.interval().isNegative() && !c.interval().isZero() && c.interval().compareTo(fallback) < 0;
        return c.timeout().orElse(shorter ? c.interval() : fallback);
    }

    /** The latency budget of a dependency: its own, or else the smaller of 1 s and its timeout. */
    static Duration latencyBudgetOf(DependencyConfig c) {
        Duration timeout = timeoutOf(c);
        Duration fallback = Duration.ofSeconds(1);
        return c.latencyBudget().orElse(timeout.compareTo(fallback) < 0 ? timeout : fallback);
    }

    interface Circuit {
        /** First open period; it doubles with each repeated opening, up to max-open-duration. */
        @WithDefault("30s")
        Duration openDuration();

        @WithDefault("5m")
        Duration maxOpenDuration();

        @WithDefault("2")
        double backoffMultiplier();
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

    interface Failover {
        /** dry-run, passive or active. */
        @WithDefault("dry-run")
        String mode();

        /** rfc2136, route53 or cloudflare. */
        @WithDefault("rfc2136")
        String provider();

        Optional<String> record();

        @WithDefault("A")
        String recordType();

        @WithDefault("60")
        int ttl();

        Optional<String> primaryTarget();

        Optional<String> drTarget();

        /** The http dependency probing the DR region; it must be healthy before any DNS write. */
        Optional<String> drDependency();

        @WithDefault("15m")
        Duration cooldown();

        /** Write a record even when external-dns TXT ownership says another writer owns it. */
        @WithDefault("false")
        boolean forceOwnership();

        /** The recovery-time contract (failover triggered -> DR healthy). */
        @WithDefault("5m")
        Duration recoveryObjective();

        /** The RPO contract for NATS mirror lag, and its warning level. */
        @WithDefault("5m")
        Duration rpoObjective();

        @WithDefault("3m")
        Duration rpoWarn();

        /** Policy rules by name; defaults are the runbook's trigger matrix. */
        Map<String, Rule> rules();

        Failback failback();

        /** Single mode: the file keeping the failover record across restarts (absent: memory only). */
        Optional<String> stateFile();

        /** Trigger and failback requests sent to a non-holder are carried out within this, or never. */
        @WithDefault("5m")
        Duration requestTtl();

        /** How often the holder reads the DNS record to catch drift (external-dns, a stale writer, a hand edit). */
        @WithDefault("30s")
        Duration verifyInterval();

        Rfc2136 rfc2136();

        Route53 route53();

        Cloudflare cloudflare();
    }

    interface Rule {
        /** consecutive_failures, error_rate, latency_p99, all_unreachable, mirror_lag, rejected. */
        String signal();

        /**
         * Dependency names; empty means every dependency that feeds failover (dns_failover rules), every
         * nats one (nats signals), every one (rejected), else every critical one.
         */
        Optional<List<String>> dependencies();

        /** Required except for consecutive_failures and rejected, which follow each dependency's own failure-threshold. */
        java.util.OptionalDouble threshold();

        /**
         * error_rate / latency_p99: the window they are computed over; absent = agent.metrics.window. A
         * different length makes the policy keep its own window of the same probe results.
         */
        Optional<Duration> window();

        /** error_rate / latency_p99 fire only on at least this many probes in the window (one blip is no rate). */
        @WithDefault("3")
        int minSamples();

        /** dns_failover or alert. */
        @WithDefault("alert")
        String action();

        @WithDefault("warning")
        String severity();

        @WithDefault("true")
        boolean enabled();
    }

    interface Failback {
        /** Weighted steps, percent of traffic back on the primary. */
        @WithDefault("10,50,100")
        List<Integer> steps();

        /** How long each step is held while the primary stays healthy. */
        @WithDefault("15m")
        Duration hold();
    }

    interface Rfc2136 {
        @WithDefault("127.0.0.1:53")
        String server();

        Optional<String> zone();

        Optional<String> tsigKeyName();

        @WithDefault("hmac-sha256")
        String tsigAlgorithm();

        Optional<String> tsigSecret();

        Optional<String> tsigSecretFile();

        @WithDefault("5s")
        Duration timeout();
    }

    interface Route53 {
        Optional<String> hostedZoneId();

        /** Route 53 is global; its requests are still signed for a region (us-east-1). */
        @WithDefault("us-east-1")
        String region();

        /** Override of the API endpoint (tests, VPC endpoints). */
        Optional<String> endpoint();

        /** With secret-access-key: static credentials. Without both: support.AwsCredentialChain (env, web identity, container, instance metadata). */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        Optional<String> secretAccessKeyFile();

        /** Alias targets: the hosted zone of the load balancers named by primary-target/dr-target. */
        Optional<String> aliasHostedZoneId();

        /** Alias records: let Route 53 skip an unhealthy target (the runbook sets it). */
        @WithDefault("true")
        boolean evaluateTargetHealth();

        /** Weighted records for gradual failback: set identifiers of the two records. */
        Optional<String> primarySetIdentifier();

        Optional<String> drSetIdentifier();

        /** How long a write waits for its change to turn INSYNC. */
        @WithDefault("5m")
        Duration insyncTimeout();

        /** How often GetChange is asked while a change is PENDING. */
        @WithDefault("5s")
        Duration insyncPollInterval();

        /** Attempts of one call when Route 53 answers Throttling or PriorRequestNotComplete. */
        @WithDefault("5")
        int maxAttempts();

        /** Timeout of one HTTP call to the API. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Cloudflare {
        @WithDefault("https://api.cloudflare.com/client/v4")
        String apiUrl();

        Optional<String> zoneId();

        /** The record to PATCH; without it the record is found by name and type. */
        Optional<String> recordId();

        Optional<String> apiToken();

        Optional<String> apiTokenFile();

        /** Attempts of one call when Cloudflare answers 429 or 5xx. */
        @WithDefault("5")
        int maxAttempts();

        /** Timeout of one HTTP call to the API. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Notify {
        PagerDuty pagerduty();

        Slack slack();

        Webhook webhook();

        /** Timeout of one delivery attempt. */
        @WithDefault("10s")
        Duration timeout();

        /** Attempts of one delivery on 429, 5xx or a connection error (max-age is the bound that usually ends them). */
        @WithDefault("100")
        int maxAttempts();

        /** A notification not delivered within this of its alert is given up (and counted failed). */
        @WithDefault("10m")
        Duration maxAge();

        /** First pause between attempts; it doubles each time, up to 1 min. */
        @WithDefault("2s")
        Duration retryBackoff();

        /** PagerDuty's payload.source and the sender named in messages; defaults to the pod name, else the host name. */
        Optional<String> source();
    }

    interface PagerDuty {
        @WithDefault("https://events.pagerduty.com/v2/enqueue")
        String url();

        Optional<String> routingKey();

        Optional<String> routingKeyFile();
    }

    interface Slack {
        /** The incoming-webhook URL is itself a secret. */
        Optional<String> webhookUrl();

        Optional<String> webhookUrlFile();
    }

    interface Webhook {
        Optional<String> url();

        Optional<String> token();

        Optional<String> tokenFile();
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
