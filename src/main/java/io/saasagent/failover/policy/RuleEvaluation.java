package io.saasagent.failover.policy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule's verdict on the current snapshots.
 *
 * @param involved     the dependencies that meet the condition (or, for all_unreachable, those down)
 * @param value        the measured value compared with the threshold (failures, rate, seconds, fraction)
 * @param firstFailure the earliest {@code failingSince} of the involved dependencies (null when none is failing)
 */
public record RuleEvaluation(RuleSpec rule, boolean firing, List<String> involved, double value, String reason, Instant firstFailure) {

    public RuleEvaluation {
        involved = List.copyOf(involved);
    }

    static RuleEvaluation quiet(RuleSpec rule, double value, String reason) {
        return new RuleEvaluation(rule, false, List.of(), value, reason, null);
    }

    /** The facts an alert or a decision carries (no secret: names, numbers, redacted errors). */
    public Map<String, Object> evidence() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", rule.name());
        m.put("signal", rule.signal().id());
        m.put("action", rule.action().id());
        m.put("threshold", rule.threshold());
        m.put("value", value);
        m.put("dependencies", involved);
        m.put("reason", reason);
        if (firstFailure != null) {
            m.put("first_failed_probe", firstFailure.toString());
        }
        return m;
    }
}
