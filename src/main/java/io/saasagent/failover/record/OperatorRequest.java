package io.saasagent.failover.record;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A control call received by an agent that does not hold the lease, kept in the fleet's record until
 * the holder carries it out. Trigger and failback expire: a failover asked for minutes ago must not
 * happen hours later when the world has changed. Arm and disarm never expire.
 *
 * @param via     the agent that received the call
 * @param expires null for arm and disarm
 */
public record OperatorRequest(String id, String action, String actor, String via, Instant at, Instant expires) {

    public static OperatorRequest of(String action, String actor, String via, Instant now, Duration ttl) {
        boolean expiring = action.equals("trigger") || action.equals("failback");
        return new OperatorRequest("req-" + UUID.randomUUID().toString().substring(0, 8), action, actor, via, now,
                expiring ? now.plus(ttl) : null);
    }

    public boolean expired(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("action", action);
        m.put("actor", actor);
        m.put("via", via);
        m.put("at", at.toString());
        m.put("expires", expires == null ? null : expires.toString());
        return m;
    }
}
