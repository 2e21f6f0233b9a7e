package io.saasagent.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus on loopback scrapes the running agent (this Quarkus test app, probing the
 * machine's Redis as a tcp dependency) every second, loads the shipped alert rules, and answers the
 * agent's metrics back through its HTTP API, as operators and the alerts will see them.
 */
@QuarkusTest
@TestProfile(PrometheusScrapeTest.RedisAsTcp.class)
@Timeout(120)
class PrometheusScrapeTest {

    /**
     * One dependency, probed every second: the machine's shared Redis, as a plain TCP endpoint. And one
     * cluster check, run by this single agent (its own leader) against an API server that refuses: unknown.
     */
    public static class RedisAsTcp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agent.dependencies.cache.type", "tcp", "agent.dependencies.cache.url", "tcp://127.0.0.1:6379",
                    "agent.dependencies.cache.interval", "1s", "agent.dependencies.cache.timeout", "500ms",
                    "agent.coordination.mode", "none", "agent.cluster-checks.interval", "2s",
                    "agent.cluster-checks.api-tls.kind", "certificate", "agent.cluster-checks.api-tls.name", "api-tls",
                    "quarkus.kubernetes-client.api-server-url", "http://127.0.0.1:1");
        }
    }

    @TestHTTPResource("/")
    URL agent;

    private static LocalPrometheus prometheus;

    private LocalPrometheus prometheus() throws IOException {
        if (prometheus == null) {
            prometheus = LocalPrometheus.start("saas-agent", agent.getHost() + ":" + agent.getPort(), ProjectFiles.ALERT_RULES);
        }
        return prometheus;
    }

    @BeforeAll
    static void noneYet() {
        prometheus = null;
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void prometheusScrapesTheAgentAndLoadsTheAlertRules() throws IOException {
        LocalPrometheus p = prometheus();
        JsonNode up = Await.value(Duration.ofSeconds(30), "up{job=\"saas-agent\"} == 1 in Prometheus",
                () -> p.firstSample("up{job=\"saas-agent\"} == 1"));
        assertThat(up.path("metric").path("instance").asText()).isEqualTo(agent.getHost() + ":" + agent.getPort());

        // Every group of the shipped rules file is loaded and evaluates without error.
        int groups = AlertRulesTest.ruleGroups().size();
        int rules = AlertRulesTest.alerts(AlertRulesTest.ruleGroups()).size();
        Await.until(Duration.ofSeconds(30), "all " + groups + " rule groups evaluated healthy", () -> {
            List<String> health = new ArrayList<>();
            p.get("/api/v1/rules").path("data").path("groups")
                    .forEach(g -> g.path("rules").forEach(r -> health.add(r.path("health").asText())));
            return health.size() == rules
                    && health.stream().allMatch("ok"::equals);
        });
        assertThat(p.get("/api/v1/rules").path("data").path("groups")).hasSize(groups);

        // Every dashboard query is valid PromQL for this Prometheus (Grafana's variables filled in).
        for (String expr : DashboardTest.panelExpressions()) {
            String promql = expr.replace("$__rate_interval", "1m").replace("$namespace", ".*").replace("$dependency", ".*");
            assertThat(p.query(promql).path("resultType").asText()).as(expr).isEqualTo("vector");
        }
    }

    @Test
    void saasDependencyUpComesBackThroughPrometheus() throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(agent + "metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).as("the agent exports saas_dependency_up").contains("saas_dependency_up");

        LocalPrometheus p = prometheus();
        JsonNode sample = Await.value(Duration.ofSeconds(30), "saas_dependency_up{dependency=\"cache\"} in Prometheus",
                () -> p.firstSample("saas_dependency_up{job=\"saas-agent\", dependency=\"cache\"}"));
        assertThat(sample.path("metric").path("type").asText()).isEqualTo("tcp");
        assertThat(sample.path("value").get(1).asText()).isEqualTo("1");
    }

    @Test
    void aClusterCheckStatusComesBackThroughPrometheusAndShowsInHealthAndFailover() throws Exception {
        LocalPrometheus p = prometheus();
        JsonNode sample = Await.value(Duration.ofSeconds(30), "saas_cluster_check_status{check=\"api-tls\",status=\"unknown\"} in Prometheus",
                () -> p.firstSample("saas_cluster_check_status{job=\"saas-agent\", check=\"api-tls\", status=\"unknown\"}"));
        assertThat(sample.path("metric").path("kind").asText()).isEqualTo("certificate");
        assertThat(sample.path("value").get(1).asText()).isEqualTo("1");

        HttpClient http = HttpClient.newHttpClient();
        JsonNode health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.send(
                HttpRequest.newBuilder(URI.create(agent + "health/saas")).build(), HttpResponse.BodyHandlers.ofString()).body());
        JsonNode check = health.path("cluster").path("checks").path("api-tls");
        assertThat(check.path("status").asText()).isEqualTo("unknown");
        assertThat(check.path("reason").asText()).startsWith("Kubernetes API unreachable");
        assertThat(health.path("status").asText()).as("DR readiness never turns the health answer").isNotEqualTo("unhealthy");
        JsonNode failover = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.send(
                HttpRequest.newBuilder(URI.create(agent + "failover")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(failover.path("dr_readiness").path("ready").asBoolean(true)).isFalse();
        assertThat(failover.path("dr_readiness").path("not_ready").get(0).asText()).startsWith("api-tls unknown: Kubernetes API unreachable");
    }
}
