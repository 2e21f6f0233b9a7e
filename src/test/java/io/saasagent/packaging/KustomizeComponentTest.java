package io.saasagent.packaging;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static io.saasagent.packaging.Manifests.all;
import static io.saasagent.packaging.Manifests.container;
import static io.saasagent.packaging.Manifests.one;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component k8s/components/saas-agent applied to a user's own kustomization: a Deployment with other names,
 * its own containers, volumes, labels and pod settings, annotated for the agent, and a second Deployment that is
 * not. The annotated one keeps everything it had and gains exactly the agent (container last, its volumes, its
 * service account and the two pod settings it needs); the other is untouched; the only new objects are the
 * agent's ServiceAccount, Role, RoleBinding and configuration ConfigMap.
 */
@Timeout(120)
class KustomizeComponentTest {
    private static final List<String> AGENT_VOLUMES = List.of("agent-config", "agent-secrets", "kube-api-access", "agent-tmp");

    private static final String USER_MANIFESTS = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: billing-gateway
              labels: {team: payments, app: billing}
              annotations:
                saas-agent.io/sidecar: enabled
                owner: payments@example.com
            spec:
              replicas: 4
              selector: {matchLabels: {app: billing}}
              template:
                metadata:
                  labels: {app: billing}
                  annotations: {prometheus.io/scrape: "true"}
                spec:
                  priorityClassName: business-critical
                  nodeSelector: {pool: api}
                  securityContext: {runAsNonRoot: true, fsGroup: 2000}
                  initContainers:
                    - name: migrate
                      image: registry.example.com/billing-migrate:7.1
                  containers:
                    - name: gateway
                      image: registry.example.com/billing:7.1
                      ports: [{name: http, containerPort: 9000}]
                      env: [{name: MODE, value: live}]
                      volumeMounts: [{name: certs, mountPath: /certs}, {name: cache, mountPath: /var/cache/billing}]
                    - name: envoy
                      image: envoyproxy/envoy:v1.31.0
                      volumeMounts: [{name: envoy-config, mountPath: /etc/envoy}]
                  volumes:
                    - name: certs
                      secret: {secretName: billing-tls}
                    - name: cache
                      emptyDir: {}
                    - name: envoy-config
                      configMap: {name: envoy}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: billing-worker
              labels: {app: billing-worker}
            spec:
              selector: {matchLabels: {app: billing-worker}}
              template:
                metadata:
                  labels: {app: billing-worker}
                spec:
                  serviceAccountName: worker
                  containers:
                    - name: worker
                      image: registry.example.com/billing-worker:7.1
            """;

    @Test
    void addsExactlyTheAgentToTheAnnotatedDeploymentAndKeepsEverythingElse() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/kustomize-component", UUID.randomUUID().toString()));
        Files.writeString(dir.resolve("deployments.yaml"), USER_MANIFESTS);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: billing
                resources: [deployments.yaml]
                components: [%s]
                """.formatted(dir.toAbsolutePath().relativize(ProjectFiles.AGENT_COMPONENT.toAbsolutePath())));
        List<HasMetadata> mine = Manifests.parseAll(USER_MANIFESTS);
        List<HasMetadata> built = Manifests.parseAll(Commands.kustomize(dir));

        Deployment before = deployment(mine, "billing-gateway");
        Deployment after = deployment(built, "billing-gateway");
        PodSpec was = before.getSpec().getTemplate().getSpec();
        PodSpec is = after.getSpec().getTemplate().getSpec();

        // Exactly the agent added: its container last, its volumes, its service account and two pod settings.
        assertThat(is.getContainers()).extracting(Container::getName).containsExactly("gateway", "envoy", "saas-agent");
        assertThat(is.getContainers().subList(0, 2)).isEqualTo(was.getContainers());
        assertThat(is.getContainers().get(2)).isEqualTo(container(one(Manifests.build(ProjectFiles.OVERLAYS.get(0)), Deployment.class), "saas-agent"));
        assertThat(is.getVolumes()).extracting(Volume::getName).containsExactlyInAnyOrder(
                "certs", "cache", "envoy-config", "agent-config", "agent-secrets", "kube-api-access", "agent-tmp");
        assertThat(is.getVolumes()).containsAll(was.getVolumes());
        assertThat(is.getServiceAccountName()).isEqualTo("saas-agent");
        assertThat(is.getAutomountServiceAccountToken()).isFalse();
        assertThat(is.getEnableServiceLinks()).isFalse();

        // Everything else of the user's Deployment is as it was (besides the namespace the user asked for).
        is.getContainers().removeIf(c -> c.getName().equals("saas-agent"));
        is.getVolumes().removeIf(v -> AGENT_VOLUMES.contains(v.getName()));
        is.setServiceAccountName(null);
        is.setAutomountServiceAccountToken(null);
        is.setEnableServiceLinks(null);
        is.getVolumes().sort(java.util.Comparator.comparing(v -> was.getVolumes().indexOf(v)));
        after.getMetadata().setNamespace(null);
        assertThat(after).isEqualTo(before);

        // The Deployment without the annotation is untouched.
        Deployment worker = deployment(built, "billing-worker");
        worker.getMetadata().setNamespace(null);
        assertThat(worker).isEqualTo(deployment(mine, "billing-worker"));

        // New objects: the agent's identity, rights and configuration, nothing else.
        assertThat(built).hasSize(mine.size() + 4);
        assertThat(one(built, ServiceAccount.class).getMetadata().getName()).isEqualTo("saas-agent");
        assertThat(one(built, Role.class).getMetadata().getName()).isEqualTo("saas-agent");
        assertThat(one(built, RoleBinding.class).getSubjects()).singleElement()
                .satisfies(s -> assertThat(s.getNamespace()).isEqualTo("billing"));
        assertThat(one(built, ConfigMap.class).getMetadata().getName()).startsWith("saas-agent-config-");
    }

    private static Deployment deployment(List<HasMetadata> resources, String name) {
        return all(resources, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name));
    }
}
