package io.saasagent.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code agent.dependencies.<name>.*}: one dependency, what it is and how it is judged; a group of {@link AgentConfig}. */
public interface DependencyConfig {
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
}
