package io.saasagent.packaging;

import java.nio.file.Path;
import java.util.List;

/** Where the packaging lives in the repository (the tests run from the project's base directory). */
final class ProjectFiles {
    private ProjectFiles() {
    }

    static final Path K8S_BASE = Path.of("k8s/base");
    /** The Kustomize component that adds the agent to a user's Deployment (the base uses it on the sample API). */
    static final Path AGENT_COMPONENT = Path.of("k8s/components/saas-agent");
    /** The same agent as a native sidecar (an init container with restartPolicy Always); includes AGENT_COMPONENT. */
    static final Path NATIVE_SIDECAR_COMPONENT = Path.of("k8s/components/saas-agent-native-sidecar");
    static final List<Path> OVERLAYS = List.of(Path.of("k8s/overlays/primary"), Path.of("k8s/overlays/dr"));
    static final Path ALERT_RULES = K8S_BASE.resolve("alerts/saas-agent-rules.yaml");
    static final Path ALERT_TESTS = K8S_BASE.resolve("alerts/tests");
    static final Path PROMETHEUS_RULE = K8S_BASE.resolve("prometheusrule.yaml");
    static final Path DASHBOARD = Path.of("grafana/saas-agent-dashboard.json");
    static final Path DOCKER = Path.of("src/main/docker");
}
