package io.saasagent.cluster.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Map;

/** Reads fields of an object as its operator wrote them (plain maps: no generated model classes). */
final class Fields {
    private Fields() {
    }

    /** The value at {@code path} under the object (e.g. "status", "sync", "status"), or null. */
    static Object at(GenericKubernetesResource object, String... path) {
        Object v = object.getAdditionalProperties();
        for (String key : path) {
            if (!(v instanceof Map<?, ?> map)) {
                return null;
            }
            v = map.get(key);
        }
        return v;
    }

    static String text(GenericKubernetesResource object, String... path) {
        Object v = at(object, path);
        return v == null ? null : v.toString();
    }

    /** The condition of {@code type} in {@code status.conditions}, or an empty map. */
    static Map<?, ?> condition(GenericKubernetesResource object, String type) {
        if (at(object, "status", "conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
                    return m;
                }
            }
        }
        return Map.of();
    }

    /** Whether the condition's status is "True". */
    static boolean isTrue(Map<?, ?> condition) {
        return "True".equals(condition.get("status"));
    }

    /** The condition's status, reason and message, for a reason line. */
    static String explain(Map<?, ?> condition) {
        if (condition.isEmpty()) {
            return "no condition reported";
        }
        Object reason = condition.get("reason");
        Object message = condition.get("message");
        return condition.get("status") + (reason == null ? "" : " (" + reason + ")") + (message == null ? "" : ": " + message);
    }
}
