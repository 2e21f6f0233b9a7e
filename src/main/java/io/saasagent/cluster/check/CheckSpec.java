package io.saasagent.cluster.check;

import java.util.Map;

/**
 * One entry {@code agent.cluster-checks.<name>.*} as written: the kind, the object it watches and the
 * remaining keys, which are the kind's objectives (each kind reads and checks its own).
 *
 * @param namespace the object's namespace; empty means the agent's own
 */
public record CheckSpec(String name, String kind, String namespace, String objectName, Map<String, String> objectives) {

    /** The key prefix of this entry, for error lines. */
    public String key() {
        return ClusterChecksConfig.PREFIX + name + ".";
    }

    /** namespace/name as shown in answers. */
    public String object(String defaultNamespace) {
        return (namespace.isEmpty() ? defaultNamespace : namespace) + "/" + objectName;
    }
}
