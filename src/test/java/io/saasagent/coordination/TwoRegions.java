package io.saasagent.coordination;

import io.saasagent.alerting.Alert;
import io.saasagent.dns.Rfc2136Provider;
import io.saasagent.region.Heartbeat;
import io.saasagent.testing.Await;
import io.saasagent.testing.FaultProxy;
import io.saasagent.testing.PrivateBind;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Two regions, as issue 16 has them: a primary fleet and a standby fleet of whole agents ({@link Fleet}), each with its
 * own mock Kubernetes API and its own private Redis behind per-agent fault links, both writing ONE real BIND 9 (the
 * failover record and the heartbeat TXT) through real {@link Rfc2136Provider}s, one per agent. The primary region's
 * public endpoint is an HTTP server behind a {@link FaultProxy} that only the standby probes (cut it: a partition);
 * the DR region's endpoint likewise (both fleets' {@code dr-api}). Rounds move both fleets' clocks 10 s together;
 * the coordinators run in real time with short leases. BIND's SOA serial counts the writes.
 */
final class TwoRegions implements AutoCloseable {
    static final String PRIMARY_REGION = "eu-west-1";
    static final String STANDBY_REGION = "eu-central-1";
    static final String HEARTBEAT = "_saas-agent." + Fleet.RECORD;
    /** The standby's http dependency probing the primary's public endpoint. */
    static final String PRIMARY_API = "primary-api";

    final PrivateBind bind = new PrivateBind().start();
    /** Each region's path to the zone's server (RFC 2136 over TCP): cut the primary's and it can neither read nor write. */
    final FaultProxy primaryZone = FaultProxy.to(bind.port());
    final FaultProxy standbyZone = FaultProxy.to(bind.port());
    final PublicEndpoint primaryEndpoint = new PublicEndpoint();
    final PublicEndpoint drEndpoint = new PublicEndpoint();
    final Fleet primary;
    final Fleet standby;

    TwoRegions(int size) {
        this(size, Map.of(), Map.of());
    }

    /** {@code size} agents per region, with each region's {@code extra} properties on top of its role's. */
    TwoRegions(int size, Map<String, String> primaryExtra, Map<String, String> standbyExtra) {
        Map<String, String> p = common(PRIMARY_REGION, "primary", primaryZone);
        p.putAll(primaryExtra);
        Map<String, String> s = common(STANDBY_REGION, "standby", standbyZone);
        s.put("agent.region.primary-dependency", PRIMARY_API);
        s.put("agent.dependencies." + PRIMARY_API + ".type", "http");
        s.put("agent.dependencies." + PRIMARY_API + ".url", primaryEndpoint.url());
        s.put("agent.dependencies." + PRIMARY_API + ".timeout", Fleet.PROBE_TIMEOUT.toMillis() + "ms");
        s.putAll(standbyExtra);
        primary = new Fleet(size, "active", p, name -> provider(primaryZone));
        standby = new Fleet(size, "active", s, name -> provider(standbyZone));
        standby.clock.set(primary.clock.instant());
    }

    private Map<String, String> common(String region, String role, FaultProxy zone) {
        Map<String, String> p = new HashMap<>();
        p.put("agent.region.name", region);
        p.put("agent.region.role", role);
        p.put("agent.dependencies.dr-api.url", drEndpoint.url());
        p.put("agent.dependencies.dr-api.timeout", Fleet.PROBE_TIMEOUT.toMillis() + "ms");
        p.put("agent.failover.provider", "rfc2136");
        p.put("agent.failover.rfc2136.server", zone.hostPort());
        p.put("agent.failover.rfc2136.tsig-secret", bind.secret());
        return p;
    }

    /** One agent's own client of the zone (each pod has its own), through its region's path to the server. */
    private Rfc2136Provider provider(FaultProxy zone) {
        return new Rfc2136Provider(zone.hostPort(), bind.zone(), PrivateBind.KEY, "hmac-sha256", bind.secret(), Duration.ofSeconds(1));
    }

    /**
     * One round in both regions: 10 s later on every engine's clock, every live agent probes and ticks; then the
     * standby holder's view of the fleet (a pod list refreshed in real time, at most every 2 s here) is let catch up
     * with what its agents see of the primary's endpoint, as it would within one 10 s interval in production.
     */
    void round() {
        primary.round();
        standby.round();
        settle();
    }

    private void settle() {
        Optional<Fleet.Agent> holder = standby.agents.stream().filter(Fleet.Agent::leading).findFirst();
        if (holder.isEmpty()) {
            return;
        }
        List<Fleet.Agent> live = standby.agents.stream().filter(Fleet.Agent::alive).toList();
        long down = live.stream().filter(a -> a.states.get(PRIMARY_API).snapshot().outage()).count();
        boolean quorum = 2 * down > live.size();
        Await.until(Duration.ofSeconds(15), "the standby holder's fleet view: " + PRIMARY_API + (quorum ? " down" : " not down"),
                () -> holder.get().coordinator.fleetDown().contains(PRIMARY_API) == quorum);
    }

    /** A round at {@code now} on both fleets' clocks (real time: the bench drives rounds on a schedule). */
    void roundAt(java.time.Instant now) {
        primary.roundAt(now);
        standby.roundAt(now);
    }

    void rounds(int n) {
        for (int i = 0; i < n; i++) {
            round();
        }
    }

    /** Rounds until {@code condition} holds; the number of rounds it took (bounded in real time). */
    int roundsUntil(Duration max, String what, BooleanSupplier condition) {
        int[] n = {0};
        Await.until(max, what, () -> {
            round();
            n[0]++;
            return condition.getAsBoolean();
        });
        return n[0];
    }

    /** Both leases held (each fleet has its one holder). */
    void leaders() {
        primary.leader();
        standby.leader();
    }

    /** The primary region gone at once: its agents killed as pods, its API server and Redis down, its endpoint dark. */
    void losePrimaryRegion() {
        primaryEndpoint.link.set(FaultProxy.Mode.REFUSE);
        primary.agents.forEach(Fleet.Agent::kill);
        primary.api.stop();
        primary.redis.kill();
    }

    /** The primary region cut off, its agents alive: no path to the zone, its endpoint dark. */
    void isolatePrimaryRegion() {
        primaryEndpoint.link.set(FaultProxy.Mode.REFUSE);
        primaryZone.set(FaultProxy.Mode.REFUSE);
    }

    /** The primary region's paths back. */
    void reconnectPrimaryRegion() {
        primaryZone.set(FaultProxy.Mode.PASS);
        primaryEndpoint.link.set(FaultProxy.Mode.PASS);
    }

    /** Both leases held, the primary's heartbeat in the zone and read by the standby a few times: the steady state. */
    Heartbeat steady() {
        leaders();
        roundsUntil(Duration.ofSeconds(30), "the primary's heartbeat in the zone", () -> heartbeatNow().isPresent());
        rounds(3);
        return heartbeatNow().orElseThrow();
    }

    /** The heartbeat as BIND answers it, parsed. */
    Optional<Heartbeat> heartbeatNow() {
        return Heartbeat.parse(heartbeat());
    }

    /** Pages opened (firing) in {@code fleet} whose dedup key ends with {@code "/" + kind}. */
    static List<Alert> pages(Fleet fleet, String kind) {
        return fleet.agents.stream().flatMap(a -> a.alerts.stream()).filter(a -> a.firing() && a.dedupKey().endsWith("/" + kind)).toList();
    }

    /** Pages resolved in {@code fleet} whose dedup key ends with {@code "/" + kind}. */
    static List<Alert> resolved(Fleet fleet, String kind) {
        return fleet.agents.stream().flatMap(a -> a.alerts.stream()).filter(a -> !a.firing() && a.dedupKey().endsWith("/" + kind)).toList();
    }

    /** The failover record's A addresses as BIND answers them. */
    List<String> answer() {
        return bind.a(Fleet.RECORD);
    }

    /** The heartbeat TXT as BIND answers it (null when absent). */
    String heartbeat() {
        List<String> txt = bind.txt(HEARTBEAT);
        return txt.isEmpty() ? null : String.join(",", txt);
    }

    long serial() {
        return bind.serial();
    }

    @Override
    public void close() throws IOException {
        try {
            standby.close();
        } finally {
            try {
                primary.close();
            } finally {
                primaryEndpoint.close();
                primaryZone.close();
                standbyZone.close();
                drEndpoint.close();
                bind.close();
            }
        }
    }
}
