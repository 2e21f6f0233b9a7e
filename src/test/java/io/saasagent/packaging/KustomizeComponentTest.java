package io.saasagent.packaging;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.saasagent.packaging.Manifests.all;
import static io.saasagent.packaging.Manifests.boundServiceAccounts;
import static io.saasagent.packaging.Manifests.one;
import static io.saasagent.packaging.Manifests.podServiceAccount;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The components k8s/components/saas-agent and saas-agent-native-sidecar applied to a user's own kustomization: an
 * API Deployment with its own service account and cloud identity (an IRSA token volume), a token automounted,
 * service links left to Kubernetes, an init container, annotated for the agent; and a second Deployment that is
 * not. Whole objects are compared: the annotated Deployment minus the agent container and the agent's volumes is
 * exactly the input; the other Deployment is untouched; the only new objects are the agent's Role, its RoleBinding
 * to the pod's own account and its ConfigMap.
 */
@Timeout(120)
class KustomizeComponentTest {
    private static final String NAMESPACE = "billing";

    /** The user's API Deployment; {@code %s}: the pod's account lines (indented as pod spec fields). */
    private static final String GATEWAY = """
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
                  %s
                  automountServiceAccountToken: true
                  priorityClassName: business-critical
                  nodeSelector: {pool: api}
                  securityContext: {runAsNonRoot: true, fsGroup: 2000}
                  initContainers:
                    - name: migrate
                      image: registry.example.com/billing-migrate:7.1
                      env:
                        - {name: AWS_ROLE_ARN, value: "arn:aws:iam::111122223333:role/billing"}
                        - {name: AWS_WEB_IDENTITY_TOKEN_FILE, value: /var/run/secrets/eks.amazonaws.com/serviceaccount/token}
                      volumeMounts: [{name: aws-iam-token, mountPath: /var/run/secrets/eks.amazonaws.com/serviceaccount, readOnly: true}]
                  containers:
                    - name: gateway
                      image: registry.example.com/billing:7.1
                      ports: [{name: http, containerPort: 9000}]
                      env:
                        - {name: AWS_ROLE_ARN, value: "arn:aws:iam::111122223333:role/billing"}
                        - {name: AWS_WEB_IDENTITY_TOKEN_FILE, value: /var/run/secrets/eks.amazonaws.com/serviceaccount/token}
                      volumeMounts:
                        - {name: aws-iam-token, mountPath: /var/run/secrets/eks.amazonaws.com/serviceaccount, readOnly: true}
                        - {name: certs, mountPath: /certs}
                        - {name: cache, mountPath: /var/cache/billing}
                    - name: envoy
                      image: envoyproxy/envoy:v1.31.0
                      volumeMounts: [{name: envoy-config, mountPath: /etc/envoy}]
                  volumes:
                    - name: aws-iam-token
                      projected:
                        defaultMode: 420
                        sources:
                          - serviceAccountToken: {audience: sts.amazonaws.com, expirationSeconds: 86400, path: token}
                    - name: certs
                      secret: {secretName: billing-tls}
                    - name: cache
                      emptyDir: {}
                    - name: envoy-config
                      configMap: {name: envoy}
            """;

    private static final String WORKER = """
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

    /** The pod's account lines, and the account Kubernetes runs the pod as. */
    static Stream<Arguments> podAccounts() {
        return Stream.of(
                Arguments.of("serviceAccountName: billing-sa", "billing-sa"),
                Arguments.of("# no serviceAccountName", "default"),
                Arguments.of("serviceAccountName: \"\"", "default"),
                Arguments.of("serviceAccount: billing-legacy", "billing-legacy"),
                Arguments.of("serviceAccountName: \"\"\n      serviceAccount: billing-legacy", "billing-legacy"));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("podAccounts")
    void theAnnotatedDeploymentGainsTheAgentBoundToItsOwnAccountAndKeepsEverythingElse(String accountLines, String account) {
        Build build = build(ProjectFiles.AGENT_COMPONENT, GATEWAY.formatted(accountLines), WORKER);
        Deployment after = build.deployment("billing-gateway");
        PodSpec pod = after.getSpec().getTemplate().getSpec();

        // Added: the agent container, last, exactly the component's; its volumes, exactly the component's.
        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("gateway", "envoy", "saas-agent");
        assertThat(pod.getContainers().get(2)).isEqualTo(shippedAgent());
        assertThat(agentVolumes(pod)).isEqualTo(shippedAgentVolumes(build.configMapName()));
        // Nothing else: without those, the whole Deployment is the user's (in the namespace the user asked for).
        assertThat(withoutTheAgent(after)).usingRecursiveComparison().isEqualTo(build.mine("billing-gateway"));

        assertThat(boundServiceAccounts(one(build.built(), RoleBinding.class)))
                .containsExactly("system:serviceaccount:" + NAMESPACE + ":" + account)
                .containsExactly(podServiceAccount(after));
        assertTheRestIsUntouched(build);
    }

    @Test
    void theNativeSidecarVariantRunsTheSameAgentAsTheLastInitContainer() {
        Build build = build(ProjectFiles.NATIVE_SIDECAR_COMPONENT, GATEWAY.formatted("serviceAccountName: billing-sa"), WORKER);
        Deployment after = build.deployment("billing-gateway");
        PodSpec pod = after.getSpec().getTemplate().getSpec();

        // The user's init steps first, then the agent; the user's containers start once its startup probe passes.
        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("migrate", "saas-agent");
        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("gateway", "envoy");
        Container sidecar = pod.getInitContainers().get(1);
        assertThat(sidecar.getRestartPolicy()).isEqualTo("Always");
        Container shipped = shippedAgent();
        assertThat(sidecar.getStartupProbe()).isNotNull().isEqualTo(shipped.getStartupProbe());
        assertThat(sidecar.getReadinessProbe()).isNotNull().isEqualTo(shipped.getReadinessProbe());
        assertThat(sidecar.getLivenessProbe()).isNotNull().isEqualTo(shipped.getLivenessProbe());
        shipped.setRestartPolicy("Always");
        assertThat(sidecar).isEqualTo(shipped);
        assertThat(agentVolumes(pod)).isEqualTo(shippedAgentVolumes(build.configMapName()));
        assertThat(withoutTheAgent(after)).usingRecursiveComparison().isEqualTo(build.mine("billing-gateway"));

        assertThat(boundServiceAccounts(one(build.built(), RoleBinding.class))).containsExactly("system:serviceaccount:billing:billing-sa");
        assertTheRestIsUntouched(build);
    }

    @Test
    void aKustomizationWithNoneOrTwoAnnotatedDeploymentsDoesNotBuildAndSaysWhy() throws IOException {
        String second = GATEWAY.formatted("serviceAccountName: other").replace("name: billing-gateway", "name: billing-admin");
        assertThat(failedBuild(GATEWAY.formatted("serviceAccountName: billing-sa"), second))
                .contains("multiple matches for selector SaasAgentAnnotatedDeployment");
        assertThat(failedBuild(WORKER)).contains("nothing selected by SaasAgentAnnotatedDeployment");
    }

    private static void assertTheRestIsUntouched(Build build) {
        assertThat(build.deployment("billing-worker")).usingRecursiveComparison().isEqualTo(build.mine("billing-worker"));
        // New objects: the agent's rights and configuration; no account of its own, no scratch object left.
        assertThat(build.built()).hasSize(build.mine().size() + 3);
        assertThat(one(build.built(), Role.class).getMetadata().getName()).isEqualTo("saas-agent");
        assertThat(one(build.built(), RoleBinding.class).getRoleRef().getName()).isEqualTo("saas-agent");
        assertThat(one(build.built(), ConfigMap.class).getMetadata().getName()).startsWith("saas-agent-config-");
    }

    /** The user's manifests (in the namespace their kustomization sets) and what kubectl kustomize made of them. */
    private record Build(List<HasMetadata> mine, List<HasMetadata> built) {
        Deployment deployment(String name) {
            return named(built, name);
        }

        Deployment mine(String name) {
            return named(mine, name);
        }

        String configMapName() {
            return one(built, ConfigMap.class).getMetadata().getName();
        }
    }

    private static Build build(Path component, String... deployments) {
        String manifests = String.join("---\n", deployments);
        List<HasMetadata> mine = Manifests.parseAll(manifests);
        mine.forEach(r -> r.getMetadata().setNamespace(NAMESPACE));
        return new Build(mine, Manifests.parseAll(Commands.kustomize(userKustomization(component, manifests))));
    }

    private static String failedBuild(String... deployments) {
        Commands.Result result = Commands.run(Duration.ofSeconds(60), List.of(Commands.kubectl(), "kustomize",
                userKustomization(ProjectFiles.AGENT_COMPONENT, String.join("---\n", deployments)).toString()));
        assertThat(result.exit()).as(result.output()).isNotZero();
        return result.output();
    }

    private static Path userKustomization(Path component, String manifests) {
        try {
            Path dir = Files.createDirectories(Path.of("target/kustomize-component", UUID.randomUUID().toString()));
            Files.writeString(dir.resolve("deployments.yaml"), manifests);
            Files.writeString(dir.resolve("kustomization.yaml"), """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    namespace: %s
                    resources: [deployments.yaml]
                    components: [%s]
                    """.formatted(NAMESPACE, dir.toAbsolutePath().relativize(component.toAbsolutePath())));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The agent container as the component defines it (agent-container.yaml), with the image tag it sets. */
    private static Container shippedAgent() {
        try {
            PodTemplate holder = Manifests.SERIALIZATION.unmarshal(
                    Files.readString(ProjectFiles.AGENT_COMPONENT.resolve("agent-container.yaml")), PodTemplate.class);
            Container agent = holder.getTemplate().getSpec().getContainers().get(0);
            String tag = AlertRulesTest.YAML.readTree(ProjectFiles.AGENT_COMPONENT.resolve("kustomization.yaml").toFile())
                    .path("images").get(0).path("newTag").asText();
            agent.setImage(agent.getImage() + ":" + tag);
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The agent's volumes as the component's patch defines them, its ConfigMap under the generated name. */
    private static List<Volume> shippedAgentVolumes(String configMapName) {
        try {
            Deployment patch = Manifests.SERIALIZATION.unmarshal(
                    Files.readString(ProjectFiles.AGENT_COMPONENT.resolve("agent-volumes.yaml")), Deployment.class);
            List<Volume> volumes = patch.getSpec().getTemplate().getSpec().getVolumes();
            volumes.stream().filter(v -> v.getConfigMap() != null).forEach(v -> v.getConfigMap().setName(configMapName));
            return volumes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Volume> agentVolumes(PodSpec pod) {
        return pod.getVolumes().stream().filter(v -> v.getName().startsWith("agent-")).toList();
    }

    /** A copy of the Deployment without the agent container (wherever it runs) and the agent's volumes. */
    private static Deployment withoutTheAgent(Deployment deployment) {
        Deployment copy = Manifests.SERIALIZATION.unmarshal(Manifests.SERIALIZATION.asYaml(deployment), Deployment.class);
        PodSpec pod = copy.getSpec().getTemplate().getSpec();
        pod.getContainers().removeIf(c -> c.getName().equals("saas-agent"));
        pod.getInitContainers().removeIf(c -> c.getName().equals("saas-agent"));
        pod.getVolumes().removeIf(v -> v.getName().startsWith("agent-"));
        return copy;
    }

    private static Deployment named(List<HasMetadata> resources, String name) {
        return all(resources, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name));
    }
}
