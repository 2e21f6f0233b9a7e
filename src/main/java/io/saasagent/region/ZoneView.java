package io.saasagent.region;

import io.saasagent.dns.DnsException;
import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsRecord;
import io.saasagent.support.Failures;
import io.saasagent.support.Redactor;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The heartbeat TXT as this agent sees it in the zone (read through the provider: the authoritative server or
 * the API), at most once per heartbeat-interval. Its age is how long ago this agent saw the value CHANGE, by
 * its own clock: the writer's {@code ts} is never compared with it (two regions' clocks may differ). Until a
 * first read the age is unknown, never 0; the first read counts as a change (a standby that starts waits out
 * the whole take-over delay). Owned by one engine, used under its lock.
 */
public final class ZoneView {
    private final DnsProvider provider;
    private final RegionSettings settings;
    private final long ttl;
    private DnsRecord raw;
    private String value;
    private Instant changedAt;
    private Instant readAt;
    private Instant nextReadAt = Instant.MIN;
    private String problem;
    /** Whether the value held is this agent's own last write (no read needed before the next swap). */
    private boolean ownWrite;

    public ZoneView(DnsProvider provider, RegionSettings settings, long ttl) {
        this.provider = provider;
        this.settings = settings;
        this.ttl = ttl;
    }

    /** Reads the heartbeat when a heartbeat-interval has passed since the last read; true when a read landed. */
    public boolean read(Instant now) {
        return !now.isBefore(nextReadAt) && readNow(now);
    }

    /** Reads it now (before a swap, after a lost one); false when the zone cannot be read (kept in {@link #problem()}). */
    public boolean readNow(Instant now) {
        nextReadAt = now.plus(settings.heartbeatInterval());
        try {
            seen(provider.read(settings.heartbeatRecord(), "TXT").orElse(null), now);
            ownWrite = false;
            problem = null;
            return true;
        } catch (DnsException | RuntimeException e) {
            problem = "cannot read " + settings.heartbeatRecord() + " TXT: "
                    + Redactor.redact(e instanceof DnsException ? e.getMessage() : Failures.describe(e));
            return false;
        }
    }

    /** This agent's own swap landed: the zone now holds {@code written}. */
    public void wrote(DnsRecord written, Instant now) {
        seen(written, now);
        ownWrite = true;
        nextReadAt = now.plus(settings.heartbeatInterval());
    }

    private void seen(DnsRecord record, Instant now) {
        String v = record == null ? null : String.join(",", record.values().stream().map(DnsRecord::unquoted).toList());
        if (readAt == null || !Objects.equals(v, value)) {
            changedAt = now;
        }
        raw = record;
        value = v;
        readAt = now;
    }

    /** The TXT record set of {@code heartbeat}, as this agent writes it. */
    public DnsRecord txt(Heartbeat heartbeat) {
        return DnsRecord.simple(settings.heartbeatRecord(), "TXT", heartbeat.format(), ttl);
    }

    /** Whether a read (or this agent's own write) has landed at all. */
    public boolean known() {
        return readAt != null;
    }

    public boolean ownWrite() {
        return ownWrite;
    }

    /** The record set as last read (the swap's {@code before}); null when absent or never read. */
    public DnsRecord raw() {
        return raw;
    }

    /** The heartbeat last read; empty when absent, not read, or not a heartbeat (see {@link #unreadable()}). */
    public Optional<Heartbeat> heartbeat() {
        return Heartbeat.parse(value);
    }

    /** Whether the record exists but is no heartbeat: reported as such, never taken as "no heartbeat". */
    public boolean unreadable() {
        return value != null && heartbeat().isEmpty();
    }

    public String value() {
        return value;
    }

    /** Why the last read failed; null when it landed. */
    public String problem() {
        return problem;
    }

    public Instant changedAt() {
        return changedAt;
    }

    /** How long the value has been unchanged as this agent saw it; null before any read. */
    public Duration age(Instant now) {
        return changedAt == null ? null : Duration.between(changedAt, now);
    }

    /** Whether a read landed within {@code d} of {@code now}. */
    public boolean readWithin(Duration d, Instant now) {
        return readAt != null && now.isBefore(readAt.plus(d));
    }

    /** The /failover {@code region.heartbeat} object. */
    public Map<String, Object> view(Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("record", settings.heartbeatRecord());
        Optional<Heartbeat> hb = heartbeat();
        m.put("owner", hb.map(Heartbeat::owner).orElse(null));
        m.put("epoch", hb.map(Heartbeat::epoch).orElse(null));
        Duration age = age(now);
        m.put("age_seconds", age == null ? null : age.toMillis() / 1000.0);
        m.put("value", unreadable() ? value : null);
        m.put("read_at", readAt == null ? null : readAt.toString());
        m.put("problem", problem);
        return m;
    }

}
