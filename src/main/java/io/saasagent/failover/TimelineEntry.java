package io.saasagent.failover;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One line of the failover timeline: a transition, a decision, a rule edge or an operator call. */
public record TimelineEntry(Instant at, String event, String message, Map<String, Object> evidence) {

    public TimelineEntry {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", at.toString());
        m.put("event", event);
        m.put("message", message);
        if (!evidence.isEmpty()) {
            m.put("evidence", evidence);
        }
        return m;
    }
}
