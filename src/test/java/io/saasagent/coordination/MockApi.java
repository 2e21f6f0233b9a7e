package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fabric8 mock API server in CRUD mode on a loopback port, counting every request by verb and
 * resource ("GET leases", "LIST pods", "PATCH pods", "POST events", ...) so tests can measure the
 * load the agents put on the API. Each agent gets its own client, as each pod would.
 */
final class MockApi implements AutoCloseable {
    static final String NAMESPACE = "agents";
    static final String APP_LABEL = "app.kubernetes.io/name";
    static final String APP = "saas-api";
    static final String SELECTOR = APP_LABEL + "=" + APP;

    /** The mock server logs every request at INFO; held strongly so the level sticks. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
    private final KubernetesClient admin;

    MockApi() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        Dispatcher crud = new KubernetesMixedDispatcher(responses);
        Dispatcher counting = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                counts.computeIfAbsent(key(request.getMethod(), request.getPath()), k -> new AtomicLong()).incrementAndGet();
                return crud.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses, counting, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        admin = client();
    }

    private static java.util.logging.Logger quiet(String category) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    int port() {
        return server.getPort();
    }

    /** A client of its own, as an agent in its own pod has. */
    KubernetesClient client() {
        return clientAt(port());
    }

    /** A client to another port: a FaultProxy in front of this server, or a closed port. */
    KubernetesClient clientAt(int port) {
        KubernetesClient client = connect(port);
        clients.add(client);
        return client;
    }

    /** A client of a mock API server on {@code port}, failing fast (the caller closes it). */
    static KubernetesClient connect(int port) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + port)
                .withNamespace(NAMESPACE)
                .withConnectionTimeout(1_000)
                .withRequestTimeout(2_000)
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The test's own view of the cluster. */
    KubernetesClient admin() {
        return admin;
    }

    /** An agent's pod: Running, Ready as asked, selected by {@link #SELECTOR}. */
    Pod createPod(String name, boolean ready) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).addToLabels(APP_LABEL, APP).endMetadata()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus()
                .build();
        return admin.pods().inNamespace(NAMESPACE).resource(pod).create();
    }

    static CoordinationSettings settings(String identity, Duration lease, Duration renew, Duration retry, Duration candidateRetry) {
        return settings(identity, lease, renew, retry, candidateRetry, Duration.ofMinutes(2), Duration.ZERO);
    }

    static CoordinationSettings settings(String identity, Duration lease, Duration renew, Duration retry, Duration candidateRetry,
                                         Duration verdictMaxAge, Duration eventMinInterval) {
        return new CoordinationSettings(identity, NAMESPACE, null, "saas-agent-failover", lease, renew, retry, candidateRetry,
                SELECTOR, verdictMaxAge, eventMinInterval, "saas-agent-failover-record");
    }

    /** The verdict annotation on an agent's pod, as the API holds it now. */
    Optional<Verdict> verdictOf(String pod) {
        return verdictOf(admin, pod);
    }

    static Optional<Verdict> verdictOf(KubernetesClient client, String pod) {
        Pod p = client.pods().inNamespace(NAMESPACE).withName(pod).get();
        Map<String, String> annotations = p == null ? null : p.getMetadata().getAnnotations();
        return annotations == null ? Optional.empty() : VerdictAnnotation.decode(pod, annotations.get(VerdictAnnotation.KEY));
    }

    /** The Events recorded on an agent's pod. */
    List<Event> eventsOn(String pod) {
        return admin.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
    }

    /** Requests by "VERB resource" since the last reset. */
    Map<String, Long> counts() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    long count(String key) {
        AtomicLong c = counts.get(key);
        return c == null ? 0 : c.get();
    }

    long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    void resetCounts() {
        counts.clear();
    }

    /** Stops answering: the port closes, every client gets "connection refused". */
    void stop() {
        server.destroy();
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        server.destroy();
    }

    /** "GET leases", "LIST pods", "PATCH pods", "POST events", ... */
    static String key(String method, String path) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String[] parts = p.split("/");
        for (int i = 0; i < parts.length - 2; i++) {
            if (parts[i].equals("namespaces")) {
                String resource = parts[i + 2];
                boolean named = parts.length > i + 3;
                return ("GET".equals(method) && !named ? "LIST" : method) + " " + resource;
            }
        }
        return method + " " + p;
    }
}
