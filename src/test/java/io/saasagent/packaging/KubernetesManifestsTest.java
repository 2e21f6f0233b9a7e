package io.saasagent.packaging;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.saasagent.packaging.Manifests.container;
import static io.saasagent.packaging.Manifests.one;
import static io.saasagent.packaging.ProjectFiles.K8S_BASE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests: each parses into its model type with no unknown field, both overlays
 * build with kubectl kustomize, every container is locked down, and the agent sidecar is wired the
 * way the agent reads its configuration.
 */
@Timeout(120)
class KubernetesManifestsTest {

    /** Kind -> the fabric8 model type it must parse into (CRDs of the Prometheus Operator: generic). */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "ServiceAccount", ServiceAccount.class, "Role", Role.class, "RoleBinding", RoleBinding.class,
            "Deployment", Deployment.class, "Service", Service.class, "NetworkPolicy", NetworkPolicy.class,
            "PodDisruptionBudget", PodDisruptionBudget.class, "ConfigMap", ConfigMap.class,
            "ServiceMonitor", GenericKubernetesResource.class, "PrometheusRule", GenericKubernetesResource.class);

    static Stream<Path> overlays() {
        return ProjectFiles.OVERLAYS.stream();
    }

    @Test
    void everyBaseManifestParsesIntoItsModelTypeWithNoUnknownField() throws IOException {
        List<Path> resources = new ArrayList<>();
        for (Path dir : List.of(K8S_BASE, ProjectFiles.AGENT_COMPONENT)) {
            AlertRulesTest.YAML.readTree(dir.resolve("kustomization.yaml").toFile()).path("resources")
                    .forEach(r -> resources.add(dir.resolve(r.asText())));
        }
        assertThat(resources).hasSize(10);
        // The component's volumes patch is a partial Deployment: it must not carry a misspelt field either.
        resources.add(ProjectFiles.AGENT_COMPONENT.resolve("agent-volumes.yaml"));
        // The agent container is defined once, in a local-config PodTemplate that both components copy from.
        Map<String, Class<? extends HasMetadata>> kinds = new HashMap<>(KINDS);
        kinds.put("PodTemplate", PodTemplate.class);
        for (Path file : resources) {
            HasMetadata resource = Manifests.SERIALIZATION.unmarshal(Files.readString(file), HasMetadata.class);
            assertThat(resource).as(file.toString()).isInstanceOf(kinds.get(resource.getKind()));
            if (resource instanceof GenericKubernetesResource) {
                continue;
            }
            assertThat(Manifests.unknownFields(resource)).as(file + ": fields the Kubernetes model does not know").isEmpty();
        }
    }


    @Test
    void aMisspelledFieldIsCaught() {
        HasMetadata typo = Manifests.SERIALIZATION.unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: a
                          readinessProb: {httpGet: {path: /health/ready, port: 8080}}
                """, HasMetadata.class);
        assertThat(Manifests.unknownFields(typo)).singleElement().asString().contains("containers[0]").contains("readinessProb");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theOverlayBuildsIntoEveryKindInItsNamespaceAndRegion(Path overlay) {
        List<HasMetadata> built = Manifests.build(overlay);
        assertThat(built.stream().map(HasMetadata::getKind).collect(Collectors.toSet())).isEqualTo(KINDS.keySet());
        String region = overlay.getFileName().toString();
        for (HasMetadata r : built) {
            assertThat(r).as(r.getKind() + " " + r.getMetadata().getName()).isInstanceOf(KINDS.get(r.getKind()));
            if (!(r instanceof GenericKubernetesResource)) {
                assertThat(Manifests.unknownFields(r)).as(r.getKind()).isEmpty();
            }
            assertThat(r.getMetadata().getNamespace()).as(r.getKind()).isEqualTo("saas");
            assertThat(r.getMetadata().getLabels()).as(r.getKind()).containsEntry("region", region);
        }
        Deployment deployment = one(built, Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("region", region);
        // The selector must not carry the region label: Deployments' selectors are immutable.
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsOnlyKeys("app.kubernetes.io/name");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerRunsAsNonRootWithNothingAdded(Path overlay) {
        PodSpec pod = one(Manifests.build(overlay), Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        assertThat(containers).extracting(Container::getName).containsExactlyInAnyOrder("api", "saas-agent");
        for (Container c : containers) {
            SecurityContext sc = c.getSecurityContext();
            assertThat(sc).as(c.getName()).isNotNull();
            assertThat(sc.getRunAsNonRoot()).as(c.getName()).isTrue();
            assertThat(sc.getRunAsUser() == null || sc.getRunAsUser() != 0L).as(c.getName() + " runAsUser is not 0").isTrue();
            assertThat(sc.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
            assertThat(sc.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
            assertThat(sc.getPrivileged()).as(c.getName()).isNotEqualTo(Boolean.TRUE);
            assertThat(sc.getCapabilities().getAdd()).as(c.getName() + " added capabilities").isEmpty();
            assertThat(sc.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
            assertThat(c.getResources().getLimits()).as(c.getName() + " memory limit").containsKey("memory");
            // A read-only root filesystem needs a writable /tmp (java.io.tmpdir=/tmp in the images).
            assertThat(mount(c, "/tmp")).as(c.getName() + " /tmp").isNotNull();
            assertThat(volume(pod, mount(c, "/tmp").getName()).getEmptyDir()).as(c.getName() + " /tmp is an emptyDir").isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theAgentSidecarIsWiredAsTheAgentReadsIt(Path overlay) throws IOException {
        List<HasMetadata> built = Manifests.build(overlay);
        Deployment deployment = one(built, Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container agent = container(deployment, "saas-agent");
        assertThat(agent.getImage()).startsWith("saas-health-agent:");
        assertThat(agent.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("agent-http", 8080));
        assertThat(agent.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(agent.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(agent.getResources().getRequests()).containsKeys("cpu", "memory");

        Map<String, EnvVar> env = agent.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(env.get("POD_UID").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.uid");
        assertThat(env.get("AGENT_COORDINATION_POD_NAME").getValue()).isEqualTo("$(POD_NAME)");
        assertThat(env.get("AGENT_COORDINATION_POD_NAMESPACE").getValue()).isEqualTo("$(POD_NAMESPACE)");
        assertThat(env.values()).as("no secret as an env value").noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null);

        // The configuration files the agent is told to read are the ConfigMap's keys, mounted.
        ConfigMap config = one(built, ConfigMap.class);
        VolumeMount configMount = mount(agent, "/etc/saas-agent");
        assertThat(volume(pod, configMount.getName()).getConfigMap().getName()).isEqualTo(config.getMetadata().getName());
        List<String> locations = List.of(env.get("QUARKUS_CONFIG_LOCATIONS").getValue().split(","));
        assertThat(locations).containsExactlyElementsOf(config.getData().keySet().stream().sorted().map(k -> "/etc/saas-agent/" + k).toList());

        // Every secret file the agent reads (the *-file keys, in the files or the env) is in the Secret volume.
        VolumeMount secretMount = mount(agent, "/var/run/secrets/saas-agent");
        assertThat(volume(pod, secretMount.getName()).getSecret().getSecretName()).isEqualTo("saas-agent-secrets");
        Map<String, String> fileKeys = new HashMap<>();
        Properties props = properties(config);
        props.stringPropertyNames().stream().filter(k -> k.endsWith("-file")).forEach(k -> fileKeys.put(k, props.getProperty(k)));
        env.values().stream().filter(e -> e.getName().endsWith("_FILE")).forEach(e -> fileKeys.put(e.getName(), e.getValue()));
        assertThat(fileKeys).containsKey("AGENT_ADMIN_TOKEN_FILE")
                .allSatisfy((k, v) -> assertThat(v).as(k).startsWith("/var/run/secrets/saas-agent/"));
        assertThat(secretMount.getReadOnly()).isTrue();
        assertThat(configMount.getReadOnly()).isTrue();

        // The sample API runs as its own account and mounts no token (its own settings, not the component's);
        // the agent mounts its own projected token at the path its client reads.
        assertThat(pod.getServiceAccountName()).isEqualTo("saas-api");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        VolumeMount token = mount(agent, "/var/run/secrets/kubernetes.io/serviceaccount");
        assertThat(volume(pod, token.getName()).getProjected().getSources()).anySatisfy(s -> assertThat(s.getServiceAccountToken()).isNotNull());
        assertThat(mount(container(deployment, "api"), "/var/run/secrets/kubernetes.io/serviceaccount")).isNull();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesMonitorsPoliciesAndBudgetsPointAtRealPortsAndPods(Path overlay) {
        List<HasMetadata> built = Manifests.build(overlay);
        Deployment deployment = one(built, Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Set<String> containerPorts = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts().stream()).map(ContainerPort::getName).collect(Collectors.toSet());

        Service service = one(built, Service.class);
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).allSatisfy(p -> assertThat(containerPorts).contains(p.getTargetPort().getStrVal()));
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .contains(org.assertj.core.groups.Tuple.tuple("agent-http", 8080));

        GenericKubernetesResource monitor = Manifests.all(built, GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        Map<String, Object> endpoint = monitor.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
        assertThat(endpoint).containsEntry("port", "agent-http").containsEntry("path", "/metrics");
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(monitor.get("spec", "selector", "matchLabels"));

        GenericKubernetesResource rule = Manifests.all(built, GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("PrometheusRule")).findFirst().orElseThrow();
        assertThat(rule.<List<Object>>get("spec", "groups")).isNotEmpty();

        for (NetworkPolicy policy : Manifests.all(built, NetworkPolicy.class)) {
            assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
            List<NetworkPolicyPort> ports = new ArrayList<>();
            if (policy.getSpec().getIngress() != null) {
                policy.getSpec().getIngress().forEach(i -> ports.addAll(i.getPorts()));
            }
            ports.stream().map(p -> p.getPort().getStrVal()).filter(Objects::nonNull)
                    .forEach(name -> assertThat(containerPorts).as(policy.getMetadata().getName()).contains(name));
        }
        // The agent's port is reachable from the monitoring namespace only among the other namespaces.
        NetworkPolicy main = Manifests.all(built, NetworkPolicy.class).stream().filter(p -> p.getMetadata().getName().equals("saas-api"))
                .findFirst().orElseThrow();
        assertThat(main.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");

        PodDisruptionBudget pdb = one(built, PodDisruptionBudget.class);
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        // One pod at a time: two of three agents remain, a quorum.
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void theRegionsShareTheRecordAndTargetsAndDifferInRole() {
        Properties primary = properties(one(Manifests.build(ProjectFiles.OVERLAYS.get(0)), ConfigMap.class));
        Properties dr = properties(one(Manifests.build(ProjectFiles.OVERLAYS.get(1)), ConfigMap.class));
        // One record, one fact for both fleets: the same targets (not mirrored), the same zone server and key.
        for (String key : List.of("agent.failover.mode", "agent.failover.provider", "agent.failover.record",
                "agent.failover.primary-target", "agent.failover.dr-target", "agent.failover.rfc2136.server",
                "agent.failover.rfc2136.zone", "agent.failover.rfc2136.tsig-key-name", "agent.region.heartbeat-interval",
                "agent.region.fence-after")) {
            assertThat(dr.getProperty(key)).as(key).isNotBlank().isEqualTo(primary.getProperty(key));
        }
        assertThat(primary.getProperty("agent.failover.mode")).isEqualTo("active");
        assertThat(primary.getProperty("agent.region.role")).isEqualTo("primary");
        assertThat(dr.getProperty("agent.region.role")).isEqualTo("standby");
        assertThat(primary.getProperty("agent.region.name")).isNotBlank().isNotEqualTo(dr.getProperty("agent.region.name"));
        assertThat(dr.getProperty("agent.region.name")).isNotBlank();
        // The standby watches the primary's public endpoint: an http dependency, never critical, not the moving record.
        String watched = dr.getProperty("agent.region.primary-dependency");
        assertThat(dr.getProperty("agent.dependencies." + watched + ".type")).isEqualTo("http");
        assertThat(dr.getProperty("agent.dependencies." + watched + ".critical", "false")).isEqualTo("false");
        assertThat(dr.getProperty("agent.dependencies." + watched + ".url")).doesNotContain("//" + primary.getProperty("agent.failover.record")
                .replaceAll("\\.$", "") + "/");
        assertThat(dr.getProperty("agent.region.takeover-after")).isEqualTo("90s");
        for (Properties region : List.of(primary, dr)) {
            String drDependency = region.getProperty("agent.failover.dr-dependency");
            assertThat(region.getProperty("agent.dependencies." + drDependency + ".type")).isEqualTo("http");
        }
        // Both regions write through the zone's server: both open the egress to it.
        for (java.nio.file.Path overlay : ProjectFiles.OVERLAYS) {
            assertThat(Manifests.all(Manifests.build(overlay), NetworkPolicy.class).stream().map(n -> n.getMetadata().getName()))
                    .as(overlay.toString()).contains("saas-agent-rfc2136");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachRegionsConfigurationPassesStartUpValidation(Path overlay, @org.junit.jupiter.api.io.TempDir Path secrets) throws IOException {
        Properties merged = properties(one(Manifests.build(overlay), ConfigMap.class));
        java.util.Map<String, String> p = new java.util.HashMap<>();
        for (String key : merged.stringPropertyNames()) {
            String v = merged.getProperty(key);
            // The Secret's files where the pod mounts them: here, files of the right shape (a TSIG key is base64).
            if (v.startsWith("/var/run/secrets/saas-agent/")) {
                Path f = secrets.resolve(Path.of(v).getFileName());
                java.nio.file.Files.writeString(f, v.contains("tsig") ? "c2VjcmV0LXNlY3JldC1zZWNyZXQ=" : "local-" + key.hashCode());
                v = f.toString();
            }
            p.put(key, v);
        }
        assertThat(io.saasagent.config.TestConfigs.errors(p)).as(overlay.toString()).isEmpty();
    }

    /** The ConfigMap's files read in the agent's order (later files win). */
    static Properties properties(ConfigMap config) {
        Properties merged = new Properties();
        config.getData().keySet().stream().sorted().forEach(key -> {
            try {
                merged.load(new StringReader(config.getData().get(key)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        return merged;
    }

    private static VolumeMount mount(Container c, String path) {
        return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst().orElse(null);
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
