package io.saasagent.cluster.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * The fabric8 mock API server in CRUD mode holding the objects the cluster checks read, in the shapes
 * their operators write (apiVersion, kind, spec, status as YAML-like maps), plus expectations for the
 * answers CRUD mode cannot give: a type the API does not serve (404 on the list), a forbidden one (403).
 */
public final class ClusterApi implements AutoCloseable {
    public static final String NAMESPACE = "saas";
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public ClusterApi() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        // Expectations first (the refusals), CRUD for the rest; plain HTTP.
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = connect(server.getPort());
    }

    public static KubernetesClient connect(int port) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).withNamespace(NAMESPACE)
                .withConnectionTimeout(1_000).withRequestTimeout(2_000).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public KubernetesClient client() {
        return client;
    }

    public int port() {
        return server.getPort();
    }

    public int requestCount() {
        return server.getRequestCount();
    }

    /** Creates {@code object} (a map in the operator's shape) through the API. */
    public GenericKubernetesResource create(String apiVersion, String kind, String plural, Map<String, Object> object) {
        GenericKubernetesResource r = Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
        r.setApiVersion(apiVersion);
        r.setKind(kind);
        ApiType type = type(plural);
        return client.genericKubernetesResources(type.context()).inNamespace(NAMESPACE).resource(r).create();
    }

    /** The list of {@code plural} answers {@code code} with a Kubernetes Status, as a real API server does. */
    public void refuse(String plural, String objectName, int code, String reason, String message) {
        ApiType type = type(plural);
        String path = "/apis/" + type.group() + "/" + type.version() + "/namespaces/" + NAMESPACE + "/" + plural;
        Map<String, Object> status = Map.of("apiVersion", "v1", "kind", "Status", "status", "Failure", "reason", reason,
                "message", message, "code", code);
        server.expect().get().withPath(path + "?fieldSelector=metadata.name%3D" + objectName).andReturn(code, status).always();
    }

    private static ApiType type(String plural) {
        return List.of(ApiType.EXTERNAL_SECRET, ApiType.ARGO_APPLICATION, ApiType.CRON_JOB, ApiType.JOB, ApiType.VELERO_SCHEDULE,
                ApiType.CERTIFICATE).stream().filter(t -> t.plural().equals(plural)).findFirst().orElseThrow();
    }

    public static Map<String, Object> meta(String name) {
        return Map.of("name", name, "namespace", NAMESPACE);
    }

    static String iso(Instant at) {
        return at.toString();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
