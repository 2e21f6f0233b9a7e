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
            return Optional.empty();
        }
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

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String describe() {
        return "configmap " + namespace + "/" + name;
    }
}
