package io.saasagent.region;

import io.saasagent.config.AgentConfig;

import java.time.Duration;
import java.util.Locale;

/**
 * {@code agent.region.*} resolved once (checked by RegionChecks): this agent's region, its role, the heartbeat TXT
 * record and the timings that keep a take-over from racing a live primary. Role {@link Role#NONE}: no region logic
 * at all, the engine behaves as with one region.
 *
 * @param heartbeatRecord absolute name of the heartbeat TXT; default {@code _saas-agent.<agent.failover.record>}
 * @param primaryDependency the standby's http dependency probing the primary's public endpoint; null when none
 * @param witnessHealthCheckId the Route 53 health check the witness reads; null when none
 */
public record RegionSettings(Role role, String name, String heartbeatRecord, Duration heartbeatInterval, Duration fenceAfter,
                             Duration takeoverAfter, String primaryDependency, WitnessKind witness, String witnessHealthCheckId,
                             Duration witnessInterval) {

    public enum Role {
        NONE, PRIMARY, STANDBY;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum WitnessKind {
        NONE, ROUTE53_HEALTH_CHECK;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** No region roles (role none): what every agent without {@code agent.region.*} runs. */
    public static RegionSettings none() {
        return new RegionSettings(Role.NONE, null, null, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(90),
                null, WitnessKind.NONE, null, Duration.ofSeconds(30));
    }

    /** @param failoverRecord {@code agent.failover.record} (absolute), for the default heartbeat name; may be null */
    public static RegionSettings from(AgentConfig.Region r, String failoverRecord) {
        Role role = Role.valueOf(r.role().strip().toUpperCase(Locale.ROOT));
        String heartbeat = r.heartbeatRecord().map(RegionSettings::absolute)
                .orElse(failoverRecord == null ? null : "_saas-agent." + absolute(failoverRecord));
        WitnessKind witness = "route53-health-check".equals(r.witness()) ? WitnessKind.ROUTE53_HEALTH_CHECK : WitnessKind.NONE;
        return new RegionSettings(role, r.name().orElse(null), heartbeat, r.heartbeatInterval(), r.fenceAfter(), r.takeoverAfter(),
                r.primaryDependency().orElse(null), witness, r.witnessHealthCheckId().orElse(null), r.witnessInterval());
    }

    public boolean active() {
        return role != Role.NONE;
    }

    public boolean primary() {
        return role == Role.PRIMARY;
    }

    public boolean standby() {
        return role == Role.STANDBY;
    }

    /** Whether {@code dependency} is the standby's probe of the primary's endpoint (never one of its own region's). */
    public boolean probesPrimary(String dependency) {
        return standby() && dependency != null && dependency.equals(primaryDependency);
    }

    private static String absolute(String name) {
        String n = name.strip();
        return n.endsWith(".") ? n : n + ".";
    }
}
