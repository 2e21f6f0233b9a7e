package io.saasagent.region;

import io.saasagent.dns.Route53HealthCheckWitness;

/**
 * A third view of the primary, outside both regions, asked before a standby takes over: Route 53's health
 * checkers (a health check is healthy while at least 18 % of its checkers report it so). A witness that cannot
 * be read agrees with nothing: no take-over (fail closed).
 * Route 53's rule ({@link Route53HealthCheckWitness.WitnessReading#agrees()}): healthy while more than 18 % of the
 * checkers report it so.
 */
public interface Witness {

    /** What the witness sees now; throws when it cannot be read (credentials, API down, unknown check). */
    Reading read() throws Exception;

    /** Short name for /failover and the evidence (e.g. {@code route53-health-check}). */
    default String describe() {
        return "witness";
    }

    /**
     * @param healthy  checkers that report the primary healthy
     * @param checkers checkers that report at all
     */
    record Reading(int healthy, int checkers, String detail) {

        /** Whether the witness sees the primary down too: Route 53's own rule, kept in one place (no checker: no agreement). */
        public boolean seesDown() {
            return route53().agrees();
        }

        public String summary() {
            return route53().reason() + (detail == null || detail.isBlank() ? "" : ": " + detail);
        }

        private Route53HealthCheckWitness.WitnessReading route53() {
            return new Route53HealthCheckWitness.WitnessReading(healthy, checkers, null);
        }
    }
}
