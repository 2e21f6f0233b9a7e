package io.saasagent.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An agent's verdict as the annotation it keeps on its own pod, small JSON built as a Jackson tree
 * (no reflection, native-ready): {@code {"failures":["health_check_failure"],"down":["redis"],"at":"..."}}.
 * The leader reads every peer's annotation with one pod list.
 */
public final class VerdictAnnotation {
    public static final String KEY = "saas-agent/verdict";
    private static final ObjectMapper JSON = new ObjectMapper();

    private VerdictAnnotation() {
    }

    public static String encode(Verdict verdict) {
        ObjectNode node = JSON.createObjectNode();
        verdict.failures().forEach(node.putArray("failures")::add);
        verdict.downDependencies().forEach(node.putArray("down")::add);
        if (!verdict.alerts().isEmpty()) {
            verdict.alerts().forEach(node.putArray("alerts")::add);
        }
        node.put("at", verdict.at().toString());
        return node.toString();
    }

    /** The verdict, or empty with nothing thrown when the text is not one (a peer's bad annotation is its own problem). */
    public static Optional<Verdict> decode(String agent, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(text);
            JsonNode at = node.get("at");
            if (at == null || !at.isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new Verdict(agent, strings(node.get("failures")), strings(node.get("down")), strings(node.get("alerts")),
                    Instant.parse(at.asText())));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
