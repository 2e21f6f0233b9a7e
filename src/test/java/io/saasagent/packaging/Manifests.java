package io.saasagent.packaging;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The Kubernetes manifests as fabric8 model objects: built by kustomize, parsed, searched. */
final class Manifests {
    private Manifests() {
    }

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<Path, List<HasMetadata>> BUILT = new ConcurrentHashMap<>();

    /** {@code kubectl kustomize overlay}, each document parsed into its model type (cached per run). */
    static List<HasMetadata> build(Path overlay) {
        return BUILT.computeIfAbsent(overlay, o -> parseAll(Commands.kustomize(o)));
    }

    static List<HasMetadata> parseAll(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                out.add(SERIALIZATION.unmarshal(doc, HasMetadata.class));
            }
        }
        return out;
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> resources, Class<T> type) {
        List<T> found = all(resources, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    /**
     * The user name the pod runs as, resolved as the API server does: serviceAccountName, else its deprecated
     * alias serviceAccount, else {@code default}; in the Deployment's namespace.
     */
    static String podServiceAccount(Deployment deployment) {
        var pod = deployment.getSpec().getTemplate().getSpec();
        String name = pod.getServiceAccountName() != null && !pod.getServiceAccountName().isEmpty() ? pod.getServiceAccountName()
                : pod.getServiceAccount() != null && !pod.getServiceAccount().isEmpty() ? pod.getServiceAccount() : "default";
        return "system:serviceaccount:" + deployment.getMetadata().getNamespace() + ":" + name;
    }

    /**
     * The user names a RoleBinding grants, as RBAC matches them: a ServiceAccount subject without a namespace
     * is the one in the binding's namespace.
     */
    static List<String> boundServiceAccounts(RoleBinding binding) {
        return binding.getSubjects().stream().filter(s -> s.getKind().equals("ServiceAccount"))
                .map(s -> "system:serviceaccount:" + (s.getNamespace() == null || s.getNamespace().isEmpty()
                        ? binding.getMetadata().getNamespace() : s.getNamespace()) + ":" + s.getName())
                .toList();
    }

    static Container container(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no container " + name));
    }

    /**
     * Paths of fields the model does not know (a typo such as {@code readinessProb} lands in a
     * model object's additionalProperties instead of failing the parse).
     */
    static List<String> unknownFields(Object model) {
        List<String> found = new ArrayList<>();
        walk(model, model.getClass().getSimpleName(), found);
        return found;
    }

    private static void walk(Object node, String path, List<String> found) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found));
            return;
        }
        if (!(node instanceof KubernetesResource) || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + ": " + extra.keySet());
                }
                continue;
            }
            walk(value, path + "." + Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4), found);
        }
    }
}
