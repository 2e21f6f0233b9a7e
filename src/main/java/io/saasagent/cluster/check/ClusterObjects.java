package io.saasagent.cluster.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checks' only way to the Kubernetes API: reads, counted. An object is fetched by a list with a
 * field selector on its name rather than a get, because fabric8 answers a get's 404 with null both when
 * the object is missing and when its type is not served (CRD not installed); a list tells them apart
 * (empty list, or 404). Nothing here throws: a failed read is a reason, and the check is unknown.
 */
public final class ClusterObjects {
    private final KubernetesClient client;
    private final AtomicLong requests = new AtomicLong();

    public ClusterObjects(KubernetesClient client) {
        this.client = client;
    }

    /** The agent's own namespace, for checks that name none. */
    public String defaultNamespace() {
        String ns = client.getNamespace();
        return ns == null ? "default" : ns;
    }

    /** API requests sent so far (for the load measurement and the fleet test). */
    public long requests() {
        return requests.get();
    }

    /** Either the objects read, or why they could not be. */
    record Read(List<GenericKubernetesResource> items, String problem) {
        boolean failed() {
            return problem != null;
        }
    }

    Read named(ApiType type, String namespace, String name) {
        return read(type, namespace, () -> client.genericKubernetesResources(type.context()).inNamespace(namespace)
                .withField("metadata.name", name).list().getItems());
    }

    Read all(ApiType type, String namespace) {
        return read(type, namespace, () -> client.genericKubernetesResources(type.context()).inNamespace(namespace).list().getItems());
    }

    private Read read(ApiType type, String namespace, java.util.function.Supplier<List<GenericKubernetesResource>> call) {
        requests.incrementAndGet();
        try {
            return new Read(call.get(), null);
        } catch (KubernetesClientException e) {
            return new Read(List.of(), describe(e, type, namespace));
        } catch (RuntimeException e) {
            return new Read(List.of(), "Kubernetes API call failed: " + e.getClass().getSimpleName());
        }
    }

    static String describe(KubernetesClientException e, ApiType type, String namespace) {
        if (e.getCode() <= 0) {
            // No HTTP answer at all (fabric8 gives 0 or -1): refused, reset, timed out, unresolvable.
            return "Kubernetes API unreachable: " + rootMessage(e);
        }
        return switch (e.getCode()) {
            case 404 -> type.resource() + " is not served by the API (CRD not installed?)";
            case 403 -> "forbidden: the agent may not list " + type.resource() + " in namespace " + namespace + " (RBAC)";
            case 401 -> "unauthorized: the API refused the agent's credentials";
            default -> "Kubernetes API answered " + e.getCode() + " listing " + type.resource();
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
