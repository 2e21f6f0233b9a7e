package io.saasagent.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** {@code agent.failover.*}: the policy, the record, its targets and the DNS provider that moves it; a group of {@link AgentConfig}. */
public interface FailoverConfig {
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
}
