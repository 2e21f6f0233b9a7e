package io.saasagent.failover.record;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * One incident, from the moment the policy fired (or an operator triggered) until it is closed
 * (failback completed, or the rule resolved before anything moved). Holds the instants the DR
 * contract is measured from and the incident's timeline (rendered by {@code FailoverView}, kept in the
 * fleet's record by {@link RecordJson}). Not thread-safe: owned by the engine.
 */
public final class Incident {
    private static final int MAX_ENTRIES = 200;

    public final String id;
    public final String rule;
    /** An operator trigger: no detection time, and the cooldown and quorum guards are skipped. */
    public boolean manual;
    /** When an operator triggered it (it ends past request-ttl if not carried out); null when no trigger. */
    public Instant triggeredAt;
    public final String reason;
    public final Instant firedAt;
    /** Earliest failingSince of the dependencies involved: where detection time starts. */
    public final Instant firstFailedProbe;
    public final List<String> dependencies;
    /** Mirror lag by "dependency/stream" when the policy fired: the data the DR side would miss. */
    public final Map<String, Double> mirrorLags;
    public Instant dnsSubmitted;
    public Instant dnsVerified;
    public Instant drHealthy;
    public Instant closedAt;
    public String closedBecause;
    private final Deque<TimelineEntry> entries = new ArrayDeque<>();

    public Incident(String id, String rule, boolean manual, String reason, Instant firedAt, Instant firstFailedProbe,
             List<String> dependencies, Map<String, Double> mirrorLags) {
        this.id = id;
        this.rule = rule;
        this.manual = manual;
        this.reason = reason;
        this.firedAt = firedAt;
        this.firstFailedProbe = firstFailedProbe;
        this.dependencies = List.copyOf(dependencies);
        this.mirrorLags = Map.copyOf(mirrorLags);
    }

    public void add(TimelineEntry entry) {
        if (entries.size() == MAX_ENTRIES) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    public List<TimelineEntry> entries() {
        return List.copyOf(entries);
    }

    public boolean open() {
        return closedAt == null;
    }

    /** First failed probe -> rule fired; null for a manual trigger (nothing was detected). */
    public Duration detection() {
        return firstFailedProbe == null ? null : Duration.between(firstFailedProbe, firedAt);
    }

    /** Rule fired -> DR target healthy behind the new record; null until then. */
    public Duration recovery() {
        return drHealthy == null ? null : Duration.between(firedAt, drHealthy);
    }

    public static Double seconds(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }

    public static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
