package io.saasagent.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.saasagent.packaging.ProjectFiles.DASHBOARD;
import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard is valid JSON, reads only the SPEC's metrics, and shows what the issue lists. */
@Timeout(20)
class DashboardTest {
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+)(\\{[^}]*})?\\s*,\\s*\\w+\\)");

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    /** Every panel query of the dashboard, for this test and for the real-Prometheus test. */
    static List<String> panelExpressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        dashboard().path("panels").forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        return exprs;
    }

    @Test
    void everyQueryReadsOnlyTheSpecsMetrics() throws IOException {
        List<String> exprs = panelExpressions();
        assertThat(exprs).isNotEmpty().allSatisfy(e -> assertThat(PromQl.metricNames(e)).as(e).isNotEmpty().allMatch(SpecMetrics::known));
        dashboard().path("templating").path("list").forEach(v -> {
            if ("query".equals(v.path("type").asText())) {
                Matcher m = LABEL_VALUES.matcher(v.path("query").path("query").asText());
                assertThat(m.matches()).as(v.toString()).isTrue();
                assertThat(SpecMetrics.known(m.group(1))).as(m.group(1)).isTrue();
            }
        });
    }

    @Test
    void showsDependenciesCircuitsLatencyErrorsLagFailoverAndLeader() throws IOException {
        Set<String> used = new HashSet<>();
        panelExpressions().forEach(e -> used.addAll(PromQl.metricNames(e)));
        assertThat(used).contains("saas_dependency_up", "saas_dependency_status", "saas_dependency_circuit_state",
                "saas_probe_duration_seconds_bucket", "saas_probe_total", "saas_nats_mirror_lag_seconds",
                "saas_failover_state", "saas_failover_total", "saas_leader");
        String all = String.join("\n", panelExpressions());
        assertThat(all).contains("histogram_quantile(0.5,", "histogram_quantile(0.99,");
    }

    @Test
    void aDrReadinessRowShowsTheClusterChecks() throws IOException {
        JsonNode d = dashboard();
        List<String> rows = new ArrayList<>();
        d.path("panels").forEach(p -> {
            if (p.path("type").asText().equals("row")) {
                rows.add(p.path("title").asText());
            }
        });
        assertThat(rows).contains("DR readiness");
        Set<String> used = new java.util.TreeSet<>();
        panelExpressions().forEach(e -> used.addAll(PromQl.metricNames(e)));
        assertThat(used).contains("saas_cluster_check_status", "saas_cluster_check_age_seconds", "saas_backup_success_ratio",
                "saas_certificate_expiry_seconds");
    }

    @Test
    void aRegionsRowShowsHeartbeatTakeoversFenceAndPartition() throws IOException {
        List<String> rows = new ArrayList<>();
        dashboard().path("panels").forEach(p -> {
            if (p.path("type").asText().equals("row")) {
                rows.add(p.path("title").asText());
            }
        });
        assertThat(rows).contains("Regions");
        Set<String> used = new java.util.TreeSet<>();
        panelExpressions().forEach(e -> used.addAll(PromQl.metricNames(e)));
        assertThat(used).containsAll(SpecMetrics.REGION);
    }

    @Test
    void panelsAreWellFormedAndUseTheDatasourceVariable() throws IOException {
        JsonNode d = dashboard();
        assertThat(d.path("uid").asText()).isEqualTo("saas-agent");
        Set<Integer> ids = new HashSet<>();
        d.path("panels").forEach(p -> {
            assertThat(ids.add(p.path("id").asInt())).as("unique panel id " + p.path("id")).isTrue();
            assertThat(p.path("title").asText()).isNotBlank();
            JsonNode pos = p.path("gridPos");
            assertThat(pos.path("w").asInt()).isBetween(1, 24);
            assertThat(pos.path("x").asInt() + pos.path("w").asInt()).isLessThanOrEqualTo(24);
            if (!"row".equals(p.path("type").asText())) {
                assertThat(p.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                assertThat(p.path("targets")).isNotEmpty();
            }
        });
        // The mirror lag panel draws the contract: warn 180 s, RPO 300 s.
        JsonNode lag = null;
        for (JsonNode p : d.path("panels")) {
            if (p.path("title").asText().equals("Mirror lag vs RPO")) {
                lag = p;
            }
        }
        assertThat(lag).isNotNull();
        List<Double> steps = new ArrayList<>();
        lag.path("fieldConfig").path("defaults").path("thresholds").path("steps").forEach(s -> {
            if (s.path("value").isNumber()) {
                steps.add(s.path("value").asDouble());
            }
        });
        assertThat(steps).containsExactly(180.0, 300.0);
    }
}
