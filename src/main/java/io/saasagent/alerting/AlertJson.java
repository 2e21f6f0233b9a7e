package io.saasagent.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * JSON for the notifiers, built as Jackson trees: evidence values are copied by kind (maps, lists,
 * numbers, booleans, else their text) so nothing is serialised by reflection (native-ready).
 */
final class AlertJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AlertJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static JsonNode tree(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            map.forEach((k, v) -> node.set(String.valueOf(k), tree(v)));
            return node;
        }
        if (value instanceof Iterable<?> items) {
            ArrayNode node = NODES.arrayNode();
            items.forEach(v -> node.add(tree(v)));
            return node;
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        return NODES.textNode(String.valueOf(value));
    }

    /** "firing" or "resolved". */
    static String status(Alert alert) {
        return alert.firing() ? "firing" : "resolved";
    }
}
