package io.saasagent.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code agent.region.*}: the two-region roles and the timings that keep a take-over from racing a live primary. */
final class RegionChecks extends KeyChecks {
    static final Set<String> ROLES = Set.of("none", "primary", "standby");
    static final Set<String> WITNESSES = Set.of("none", "route53-health-check");

    RegionChecks(List<ConfigError> errors) {
        super(errors);
    }

    void region(AgentConfig.Region r, FailoverConfig f, Map<String, DependencyConfig> dependencies) {
        oneOf("agent.region.role", r.role(), ROLES);
        oneOf("agent.region.witness", r.witness(), WITNESSES);
        positive("agent.region.heartbeat-interval", r.heartbeatInterval());
        positive("agent.region.fence-after", r.fenceAfter());
        positive("agent.region.takeover-after", r.takeoverAfter());
        positive("agent.region.witness-interval", r.witnessInterval());
        if (r.fenceAfter().compareTo(r.heartbeatInterval()) <= 0) {
            error("agent.region.fence-after", "must be longer than heartbeat-interval (" + r.heartbeatInterval() + ")");
        }
        // A standby must wait out the primary's own fence, and two missed refreshes on top, before it writes.
        Duration floor = r.fenceAfter().plus(r.heartbeatInterval().multipliedBy(2));
        if (r.takeoverAfter().compareTo(floor) <= 0) {
            error("agent.region.takeover-after", "must exceed fence-after + 2 x heartbeat-interval (" + floor + ")");
        }
        if ("route53-health-check".equals(r.witness())) {
            required("agent.region.witness-health-check-id", r.witnessHealthCheckId(), "with agent.region.witness=route53-health-check");
        }
        if ("none".equals(r.role()) || !ROLES.contains(r.role())) {
            return;
        }
        required("agent.region.name", r.name(), "with a role (agent.region.role=" + r.role() + ")");
        if (!"active".equals(f.mode())) {
            error("agent.region.role", "is for active mode (agent.failover.mode=active); in passive mode the DNS provider's "
                    + "own checkers already stand outside the region");
        }
        if ("standby".equals(r.role())) {
            required("agent.region.primary-dependency", r.primaryDependency(), "for a standby: the http dependency probing the primary's public endpoint");
            r.primaryDependency().ifPresent(p -> {
                DependencyConfig d = dependencies.get(p);
                if (d == null) {
                    error("agent.region.primary-dependency", "names no configured dependency '" + p + "'");
                } else if (DependencyType.parse(d.type()).filter(t -> t == DependencyType.HTTP).isEmpty()) {
                    error("agent.region.primary-dependency", "'" + p + "' must be an http dependency (the primary's public endpoint)");
                } else if (d.critical()) {
                    error("agent.region.primary-dependency", "'" + p + "' must not be critical: the primary down must not make "
                            + "the standby unready");
                }
            });
        }
    }
}
