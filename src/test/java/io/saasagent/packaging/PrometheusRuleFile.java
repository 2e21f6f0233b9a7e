package io.saasagent.packaging;

/**
 * Renders k8s/base/prometheusrule.yaml from the plain rules file, the one source of the alert rules:
 * a fixed header, then the rules file's {@code groups:} indented under {@code spec:}. Text, not a YAML
 * round trip, so the comments of the rules travel with them.
 */
final class PrometheusRuleFile {
    private PrometheusRuleFile() {
    }

    static final String HEADER = """
            # GENERATED from alerts/saas-agent-rules.yaml (the one source of the rules): do not edit here. After
            # changing the rules file, run
            #   ./mvnw -q test -Dtest=AlertRulesTest -Dalerts.write=true
            # which rewrites this file; AlertRulesTest fails while the two differ.
            # Add the label your Prometheus selects rules by (kube-prometheus-stack: release: <helm release>).
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata:
              name: saas-agent
              labels:
                app.kubernetes.io/name: saas-agent
            spec:
            """;

    static String render(String rulesFile) {
        int groups = rulesFile.indexOf("\ngroups:");
        if (groups < 0) {
            throw new AssertionError("the rules file has no top-level 'groups:'");
        }
        StringBuilder out = new StringBuilder(HEADER);
        rulesFile.substring(groups + 1).lines().forEach(line -> out.append(line.isEmpty() ? "" : "  " + line).append('\n'));
        return out.toString();
    }
}
