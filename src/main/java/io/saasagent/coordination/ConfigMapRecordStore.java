package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Map;
import java.util.Optional;

/**
 * The fleet's record in a ConfigMap beside the Lease ({@code agent.coordination.record-name}), under
 * one key. Writes carry the resourceVersion last read, so the API server refuses (409) a write that
 * did not see the one before it. The agent needs get, create and update on that ConfigMap only.
 */
public final class ConfigMapRecordStore implements RecordStore {
    static final String KEY = "record.json";

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    /** The kept-aside copy the last read saw beside an absent record; null when none. */
    private volatile String asideSeen;

    public ConfigMapRecordStore(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public Optional<Stored> read() throws Unavailable {
        ConfigMap cm;
        try {
            cm = client.configMaps().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new Unavailable("cannot read ConfigMap " + namespace + "/" + name + ": " + ApiFailure.describe(e));
        }
        if (cm == null || cm.getData() == null || cm.getData().get(KEY) == null) {
            asideSeen = cm == null || cm.getData() == null ? null : cm.getData().keySet().stream()
                    .filter(k -> k.startsWith(KEY + ".unreadable-")).sorted().reduce((a, b) -> b).orElse(null);
            return Optional.empty();
        }
        asideSeen = null;
        return Optional.of(new Stored(cm.getData().get(KEY), cm.getMetadata().getResourceVersion()));
    }

    @Override
    public String write(String json, String expectedVersion) throws Conflict, Unavailable {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withResourceVersion(expectedVersion)
                .addToLabels("app.kubernetes.io/managed-by", "saas-health-agent").endMetadata()
                .withData(Map.of(KEY, json)).build();
        try {
            ConfigMap written = expectedVersion == null
                    ? client.configMaps().inNamespace(namespace).resource(cm).create()
                    : client.configMaps().inNamespace(namespace).resource(cm).update();
            return written.getMetadata().getResourceVersion();
        } catch (KubernetesClientException e) {
            if (ApiFailure.is(e, 409)) {
                throw new Conflict("ConfigMap " + namespace + "/" + name + " changed since it was read");
            }
            throw new Unavailable("cannot write ConfigMap " + namespace + "/" + name + ": " + ApiFailure.describe(e));
        }
    }

    /** A copy under a key of its own in the same ConfigMap, written against the version read: the record's key is untouched. */
    @Override
    public String keepAside(Stored unreadable, java.time.Instant at) throws Unavailable {
        String key = KEY + RecordStore.asideSuffix(at);
        try {
            ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
            if (cm == null || !unreadable.version().equals(cm.getMetadata().getResourceVersion())) {
                throw new Unavailable("ConfigMap " + namespace + "/" + name + " changed since it was read: not kept aside");
            }
            Optional<String> already = cm.getData().entrySet().stream()
                    .filter(e -> e.getKey().startsWith(KEY + ".unreadable-") && e.getValue().equals(unreadable.json()))
                    .map(Map.Entry::getKey).findFirst();
            if (already.isPresent()) {
                return "configmap " + namespace + "/" + name + " key " + already.get(); // kept before (an earlier holder)
            }
            Map<String, String> data = new java.util.LinkedHashMap<>(cm.getData());
            data.put(key, unreadable.json());
            cm.setData(data);
            client.configMaps().inNamespace(namespace).resource(cm).update();
        } catch (KubernetesClientException e) {
            throw new Unavailable("cannot keep ConfigMap " + namespace + "/" + name + " aside: " + ApiFailure.describe(e));
        }
        return "configmap " + namespace + "/" + name + " key " + key;
    }

    @Override
    public Optional<String> keptAside() {
        String seen = asideSeen;
        return seen == null ? Optional.empty() : Optional.of("configmap " + namespace + "/" + name + " key " + seen);
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String describe() {
        return "configmap " + namespace + "/" + name;
    }
}
