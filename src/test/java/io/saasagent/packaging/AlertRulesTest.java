package io.saasagent.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.saasagent.packaging.ProjectFiles.ALERT_RULES;
import static io.saasagent.packaging.ProjectFiles.ALERT_TESTS;
import static io.saasagent.packaging.ProjectFiles.PROMETHEUS_RULE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules: valid for Prometheus (promtool check), doing what they say on series shaped like
 * the agents' /metrics (promtool test), shipped identically in the PrometheusRule, and each one with
 * a severity, a text and its runbook section.
 */
@Timeout(120)
class AlertRulesTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SEVERITIES = Set.of("warning", "critical");

    static List<JsonNode> alerts(JsonNode groups) {
        List<JsonNode> alerts = new ArrayList<>();
        groups.forEach(g -> g.path("rules").forEach(r -> {
            if (r.has("alert")) {
                alerts.add(r);
            }
        }));
        return alerts;
    }

    static JsonNode ruleGroups() throws IOException {
        return YAML.readTree(ALERT_RULES.toFile()).path("groups");
    }

    @Test
    void promtoolChecksTheRules() throws IOException {
        String out = Commands.run(Duration.ofSeconds(60), List.of(Commands.promtool(), "check", "rules", ALERT_RULES.toString()))
                .assertOk("promtool check rules").output();
        assertThat(out).contains("SUCCESS: " + alerts(ruleGroups()).size() + " rules found");
    }

    @Test
    void promtoolUnitTestsOfTheRulesPass() throws IOException {
        List<String> command = new ArrayList<>(List.of(Commands.promtool(), "test", "rules"));
        testFiles().forEach(f -> command.add(f.toString()));
        String out = Commands.run(Duration.ofSeconds(90), command).assertOk("promtool test rules").output();
        assertThat(out).doesNotContain("FAILED");
        assertThat(out.split("SUCCESS", -1)).hasSize(testFiles().size() + 1);
    }

    @Test
    void everyAlertIsSeenFiringInAUnitTest() throws IOException {
        Set<String> defined = new TreeSet<>();
        alerts(ruleGroups()).forEach(a -> defined.add(a.path("alert").asText()));
        Set<String> firing = new TreeSet<>();
        for (Path file : testFiles()) {
            JsonNode tests = YAML.readTree(file.toFile());
            assertThat(tests.path("rule_files").get(0).asText()).as(file + " tests the shipped rules file").isEqualTo("../saas-agent-rules.yaml");
            tests.path("tests").forEach(t -> t.path("alert_rule_test").forEach(check -> {
                if (!check.path("exp_alerts").isEmpty()) {
                    firing.add(check.path("alertname").asText());
                }
            }));
        }
        assertThat(firing).isEqualTo(defined);
    }

    @Test
    void thePrometheusRuleCarriesExactlyTheRulesFile() throws IOException {
        String rules = Files.readString(ALERT_RULES, StandardCharsets.UTF_8);
        String expected = PrometheusRuleFile.render(rules);
        if (Boolean.getBoolean("alerts.write")) {
            Files.writeString(PROMETHEUS_RULE, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(PROMETHEUS_RULE, StandardCharsets.UTF_8))
                .as("k8s/base/prometheusrule.yaml differs from alerts/saas-agent-rules.yaml: run "
                        + "./mvnw -q test -Dtest=AlertRulesTest -Dalerts.write=true")
                .isEqualTo(expected);
        // And the same as data, as the Prometheus Operator will read it.
        assertThat(YAML.readTree(PROMETHEUS_RULE.toFile()).path("spec").path("groups")).isEqualTo(ruleGroups());
    }

    @Test
    void everyAlertHasSeverityTextAndRunbookSection() throws IOException {
        List<JsonNode> alerts = alerts(ruleGroups());
        // The anchor GitHub derives from "## Runbook: SaasFooBar" is "runbook-saasfoobar".
        Set<String> readmeAnchors = java.nio.file.Files.readAllLines(java.nio.file.Path.of("docs/runbooks.md")).stream()
                .filter(l -> l.startsWith("## Runbook: "))
                .map(l -> "runbook-" + l.substring("## Runbook: ".length()).strip().toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toSet());
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            assertThat(name).as("alert names are CamelCase and prefixed").matches("Saas[A-Z][A-Za-z]+");
            assertThat(alert.path("labels").path("severity").asText()).as(name).isIn(SEVERITIES);
            JsonNode annotations = alert.path("annotations");
            assertThat(annotations.path("summary").asText()).as(name + " summary").isNotBlank();
            assertThat(annotations.path("description").asText()).as(name + " description").isNotBlank();
            assertThat(annotations.path("runbook_url").asText()).as(name + " runbook_url")
                    .isEqualTo("docs/runbooks.md#runbook-" + name.toLowerCase(Locale.ROOT));
            assertThat(readmeAnchors).as(name + ": docs/runbooks.md has its runbook section").contains("runbook-" + name.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void everyAlertReadsOnlyTheSpecsMetrics() throws IOException {
        for (JsonNode alert : alerts(ruleGroups())) {
            Set<String> names = PromQl.metricNames(alert.path("expr").asText());
            assertThat(names).as(alert.path("alert").asText()).isNotEmpty().allMatch(SpecMetrics::known);
        }
    }

    @Test
    void theRunbooksAlertsAreAllCovered() throws IOException {
        Set<String> names = new TreeSet<>();
        alerts(ruleGroups()).forEach(a -> names.add(a.path("alert").asText()));
        // SPEC / issue 6: circuit open 5 min, error rate, latency, mirror lag warn and RPO breach,
        // failover fired, no leader, agent down.
        assertThat(names).contains("SaasDependencyCircuitOpen", "SaasProbeErrorRateHigh", "SaasProbeLatencyHigh",
                "SaasNatsMirrorLagHigh", "SaasNatsMirrorRpoBreach", "SaasFailoverFired", "SaasNoLeader", "SaasAgentDown");
    }

    private static List<Path> testFiles() throws IOException {
        try (Stream<Path> files = Files.list(ALERT_TESTS)) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(list).isNotEmpty();
            return list;
        }
    }
}
