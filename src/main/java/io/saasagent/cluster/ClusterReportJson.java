package io.saasagent.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saasagent.cluster.check.CheckResult;
import io.saasagent.state.DependencyStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The holder's cluster report as it travels in the fleet's record: Jackson's tree model, field by field
 * (nothing to register for the native image). Reading is lenient: a report an agent cannot read is
 * treated as none, never a broken record.
 */
public final class ClusterReportJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterReportJson() {
    }

    public static ObjectNode write(ClusterReport report) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ran_by", report.ranBy());
        n.put("at", report.at().toString());
        ObjectNode checks = n.putObject("checks");
        report.results().forEach((name, r) -> {
            ObjectNode c = checks.putObject(name);
            c.put("status", r.status().id());
            c.put("age_ms", millis(r.age()));
            c.put("objective", r.objective());
            c.put("reason", r.reason());
            if (r.successRatio() != null) {
                c.put("success_ratio", r.successRatio());
            }
            c.put("expires_in_ms", millis(r.expiresIn()));
            c.set("details", JSON.valueToTree(r.details()));
            c.put("checked_at", r.checkedAt().toString());
        });
        return n;
    }

    /** The report in {@code n}; null when absent or not readable (an older or newer agent's shape). */
    @SuppressWarnings("unchecked")
    public static ClusterReport read(JsonNode n) {
        if (n == null || !n.isObject() || !n.path("at").isTextual()) {
            return null;
        }
        try {
            Map<String, CheckResult> results = new LinkedHashMap<>();
            n.path("checks").fields().forEachRemaining(e -> {
                JsonNode c = e.getValue();
                Map<String, Object> details = c.path("details").isObject() ? JSON.convertValue(c.path("details"), Map.class) : Map.of();
                results.put(e.getKey(), new CheckResult(DependencyStatus.valueOf(c.path("status").asText().toUpperCase(Locale.ROOT)),
                        duration(c.path("age_ms")), text(c.path("objective")), text(c.path("reason")),
                        c.path("success_ratio").isNumber() ? c.path("success_ratio").asDouble() : null, duration(c.path("expires_in_ms")),
                        details, Instant.parse(c.path("checked_at").asText())));
            });
            return new ClusterReport(true, text(n.path("ran_by")), Instant.parse(n.path("at").asText()), results, "run by the holder");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    private static Duration duration(JsonNode n) {
        return n.isNumber() ? Duration.ofMillis(n.asLong()) : null;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
