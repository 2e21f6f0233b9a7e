package io.saasagent.region;

import io.saasagent.dns.Route53HealthCheckWitness;

/** The {@code route53-health-check} witness: Route 53's checkers' observations of the primary's endpoint. */
public final class Route53Witness implements Witness {
    private final Route53HealthCheckWitness checks;
    private final String healthCheckId;

    public Route53Witness(Route53HealthCheckWitness checks, String healthCheckId) {
        this.checks = checks;
        this.healthCheckId = healthCheckId;
    }

    @Override
    public Reading read() throws Exception {
        Route53HealthCheckWitness.WitnessReading r = checks.reading();
        return new Reading(r.healthy(), r.observations(), null);
    }

    @Override
    public String describe() {
        return "route53-health-check " + healthCheckId;
    }
}
