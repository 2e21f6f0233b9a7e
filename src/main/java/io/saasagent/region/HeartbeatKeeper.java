package io.saasagent.region;

import io.saasagent.dns.DnsException;
import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsRecord;
import io.saasagent.dns.RecordSwap;
import io.saasagent.support.Failures;
import io.saasagent.support.Redactor;

import java.time.Duration;
import java.time.Instant;

/**
 * The primary fleet's holder's side of the heartbeat: every heartbeat-interval one compare-and-set of the TXT
 * from the value it last read (or wrote) to the same owner and epoch at a new time; the first one from absent.
 * It never writes over another region's heartbeat: a zone whose owner is another region (a take-over this region
 * missed) is reported, and read again every interval until a failback hands it back. A holder that has not
 * refreshed for fence-after is fenced: it must not act as the primary (no DNS write).
 */
public final class HeartbeatKeeper {

    /** What one refresh came to. */
    public enum Result {
        /** Not yet heartbeat-interval since the last attempt. */
        NOT_DUE,
        REFRESHED,
        /** The zone's owner is another region: nothing written. */
        OWNED_ELSEWHERE,
        /** Lost to a writer of this region (another holder): the next interval swaps from what was read. */
        CAS_LOST,
        /** The record exists but is no heartbeat: nothing written over it. */
        UNREADABLE,
        /** The zone could not be read or written. */
        FAILED
    }

    private final RegionSettings settings;
    private final DnsProvider provider;
    private final ZoneView zone;
    private Instant nextAt = Instant.MIN;
    private Instant lastRefresh;
    private String problem;

    public HeartbeatKeeper(RegionSettings settings, DnsProvider provider, ZoneView zone) {
        this.settings = settings;
        this.provider = provider;
        this.zone = zone;
    }

    public Result refresh(Instant now) {
        if (now.isBefore(nextAt)) {
            return Result.NOT_DUE;
        }
        nextAt = now.plus(settings.heartbeatInterval());
        if (!zone.ownWrite() && !zone.readNow(now)) {
            return failed(zone.problem());
        }
        Result owned = judge();
        if (owned != null) {
            return owned;
        }
        Heartbeat next = zone.heartbeat().map(h -> h.refreshed(now)).orElseGet(() -> new Heartbeat(settings.name(), 1, now.getEpochSecond()));
        DnsRecord after = zone.txt(next);
        try {
            provider.swap(RecordSwap.of(new RecordSwap.Change(zone.raw(), after)));
            zone.wrote(after, now);
            lastRefresh = now;
            problem = null;
            return Result.REFRESHED;
        } catch (DnsException.CasLost lost) {
            problem = lost.getMessage();
            if (!zone.readNow(now)) {
                return failed(zone.problem());
            }
            Result r = judge();
            return r != null ? r : Result.CAS_LOST;
        } catch (DnsException | RuntimeException e) {
            return failed("heartbeat swap failed: " + Redactor.redact(e instanceof DnsException ? e.getMessage() : Failures.describe(e)));
        }
    }

    /** Null when the zone's heartbeat is this region's (or absent): this holder may refresh it. */
    private Result judge() {
        if (zone.unreadable()) {
            problem = settings.heartbeatRecord() + " holds '" + zone.value() + "', which is no heartbeat: nothing written over it";
            return Result.UNREADABLE;
        }
        if (zone.heartbeat().filter(h -> !h.owner().equals(settings.name())).isPresent()) {
            problem = null;
            return Result.OWNED_ELSEWHERE;
        }
        return null;
    }

    private Result failed(String why) {
        problem = why;
        return Result.FAILED;
    }

    /** This agent's failback swap handed the heartbeat back to this region: a refresh. */
    public void handedBack(Instant now) {
        lastRefresh = now;
        nextAt = now.plus(settings.heartbeatInterval());
    }

    /** Not refreshed within fence-after (or never): this agent must not act as the primary. */
    public boolean fenced(Instant now) {
        return lastRefresh == null || !now.isBefore(lastRefresh.plus(settings.fenceAfter()));
    }

    /** Since the last refresh; null when none. */
    public Duration sinceRefresh(Instant now) {
        return lastRefresh == null ? null : Duration.between(lastRefresh, now);
    }

    public Instant lastRefresh() {
        return lastRefresh;
    }

    /** Why the last refresh did not land; null when it did. */
    public String problem() {
        return problem;
    }
}
