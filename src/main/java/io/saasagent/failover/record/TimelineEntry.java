package io.saasagent.failover.record;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One line of the failover timeline: a transition, a decision, a rule edge or an operator call. */
public record TimelineEntry(Instant at, String event, String message, Map<String, Object> evidence) {

    public TimelineEntry {
        // Evidence may hold nulls (a value not known yet), which Map.copyOf refuses.
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    public Map<String, Object> view() {
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
