package io.saasagent.dns;

import io.saasagent.config.AgentConfig;
import io.saasagent.support.Lazy;
import io.saasagent.support.Retrier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The region witness: a Route 53 health check of the primary region's public endpoint, read with GetHealthCheckStatus
 * ({@code GET /2013-04-01/healthcheck/{id}/status}), one observation per Route 53 checker (about 16, from several AWS
 * regions). It says what the internet sees, from outside both regions: a standby that only lost its own path to the
 * primary is not told "gone".
 *
 * <p>Read at most once per {@code agent.region.witness-interval} (AWS documents the call as a diagnostic one, not for
 * high query rates); within the interval the last reading (or the last failure) is answered again. A failure is a
 * {@link DnsException} with a safe reason: the caller fails closed (no take-over on a witness it cannot read).
 */
public final class Route53HealthCheckWitness implements AutoCloseable {
    /** Route 53 calls an endpoint healthy when more than 18 % of its checkers see it healthy. */
    static final double HEALTHY_SHARE = 0.18;

    /** One reading: how many of the checkers' observations were healthy. */
    public record WitnessReading(int healthy, int observations, Instant readAt) {

        /** The primary is gone by Route 53's own rule: at most 18 % of the observations healthy (none: cannot tell). */
        public boolean agrees() {
            return observations > 0 && healthy <= HEALTHY_SHARE * observations;
        }

        /** Why, for logs and the status page. */
        public String reason() {
            if (observations == 0) {
                return "route53 health check: no observations yet (cannot tell)";
            }
            return "route53 health check: " + healthy + " of " + observations + " checkers see the primary healthy ("
                    + String.format(java.util.Locale.ROOT, "%.1f", 100.0 * healthy / observations) + " %, gone at or under 18 %)";
        }
    }

    private final Lazy<Route53Http> client;
    private final String healthCheckId;
    private final Duration interval;
    private final Clock clock;
    private WitnessReading last;
    private DnsException lastFailure;
    private Instant lastAttempt;

    Route53HealthCheckWitness(Lazy<Route53Http> client, String healthCheckId, Duration interval, Clock clock) {
        this.client = client;
        this.healthCheckId = healthCheckId;
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * The witness of agent.region.*: through the provider's own API client when the provider is Route 53, else a
     * client of its own from agent.failover.route53.* (region, credentials, endpoint), built at the first read.
     */
    public static Route53HealthCheckWitness create(AgentConfig config, DnsProvider provider, Clock clock) {
        AgentConfig.Region r = config.region();
        String id = r.witnessHealthCheckId().map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException("agent.region.witness-health-check-id: is required"));
        if (provider instanceof Route53Provider route53) {
            return new Route53HealthCheckWitness(route53.client(), id, r.witnessInterval(), clock);
        }
        return new Route53HealthCheckWitness(Route53ProviderFactory.client(config.failover().route53(), clock), id,
                r.witnessInterval(), clock);
    }

    /** The last reading while it is younger than the interval; else one GetHealthCheckStatus. */
    public synchronized WitnessReading reading() throws DnsException {
        Instant now = clock.instant();
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(interval))) {
            if (lastFailure != null) {
                throw new DnsException(lastFailure.getMessage(), lastFailure.retryable());
            }
            return last;
        }
        lastAttempt = now;
        try {
            last = read(now);
            lastFailure = null;
            return last;
        } catch (DnsException e) {
            last = null;
            lastFailure = e;
            throw e;
        }
    }

    private WitnessReading read(Instant now) throws DnsException {
        List<String> observations;
        try {
            observations = Route53Errors.classified(() -> client.get().healthCheckStatuses(healthCheckId), healthCheckId);
        } catch (Retrier.Again busy) {
            throw new DnsException("region witness: " + busy.getMessage(), true, busy.after());
        } catch (DnsException e) {
            throw new DnsException("region witness: " + e.getMessage(), e.retryable());
        }
        int healthy = (int) observations.stream()
                .filter(status -> status != null && status.startsWith("Success"))
                .count();
        return new WitnessReading(healthy, observations.size(), now);
    }

    /** Nothing to release (java.net.http); kept so the owner's lifecycle stays the same whichever client it holds. */
    @Override
    public void close() {
    }
}
