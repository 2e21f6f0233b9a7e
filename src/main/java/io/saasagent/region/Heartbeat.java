package io.saasagent.region;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The primary region's heartbeat, a TXT value in the zone beside the failover record:
 * {@code owner=<region>;epoch=<n>;ts=<unix s>}. {@code owner} is the region that may write the failover record;
 * {@code epoch} goes up by one with every change of owner (take-over n+1, failback n+2), never with a refresh.
 * {@code ts} is the writer's clock, for people: a standby judges age by when it saw the value change, by its own
 * clock, never by comparing the two regions' clocks.
 */
public record Heartbeat(String owner, long epoch, long ts) {

    public Heartbeat {
        if (owner == null || owner.isBlank() || owner.contains(";") || owner.contains("=") || owner.contains("\"")) {
            throw new IllegalArgumentException("heartbeat owner must be a region name, got '" + owner + "'");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("heartbeat epoch must not be negative");
        }
    }

    /** The TXT value (unquoted). */
    public String format() {
        return "owner=" + owner + ";epoch=" + epoch + ";ts=" + ts;
    }

    /** A refresh: same owner and epoch, a new time. */
    public Heartbeat refreshed(Instant now) {
        return new Heartbeat(owner, epoch, now.getEpochSecond());
    }

    /** A change of owner (take-over or failback): the next epoch. */
    public Heartbeat handedTo(String region, Instant now) {
        return new Heartbeat(region, epoch + 1, now.getEpochSecond());
    }

    /**
     * Reads a TXT value (quoted or not); empty when it is not a heartbeat. A value that is not one is reported as
     * what it is by the caller, never taken as "no heartbeat".
     */
    public static Optional<Heartbeat> parse(String txt) {
        if (txt == null) {
            return Optional.empty();
        }
        String s = txt.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : s.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            fields.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        try {
            String owner = fields.get("owner");
            if (owner == null || !fields.containsKey("epoch") || !fields.containsKey("ts")) {
                return Optional.empty();
            }
            return Optional.of(new Heartbeat(owner, Long.parseLong(fields.get("epoch")), Long.parseLong(fields.get("ts"))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
