package io.saasagent.metrics;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.saasagent.health.HealthSurfaceProfile;
import io.saasagent.metrics.PrometheusText.Sample;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.get;
import static io.saasagent.metrics.PrometheusText.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scrapes /metrics after real probes ran (tcp to the machine's NATS, http and OpenMeter stubs, ...)
 * and checks every dependency-side name of the SPEC with exactly its label names and plausible values.
 */
@QuarkusTest
@TestProfile(HealthSurfaceProfile.class)
@Timeout(90)
class MetricsScrapeTest {
    private static final Set<String> DEPENDENCIES = Set.of("api", "billing", "cache", "edge", "queue");
    private static final List<String> BUCKETS = List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0",
            "2.5", "5.0", "10.0", "15.0", "30.0", "+Inf");

    private static String scrape() {
        return get("/metrics").then().statusCode(200).extract().asString();
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        return named(samples, name).stream().filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + labels)).value();
    }

    /** Every series of {@code name} has exactly {@code labelNames}, and there is one per dependency at least. */
    private static List<Sample> family(List<Sample> samples, String name, Set<String> labelNames) {
        List<Sample> family = named(samples, name);
        assertThat(family).as(name).isNotEmpty().allSatisfy(s -> assertThat(s.labels().keySet()).as(name).isEqualTo(labelNames));
        if (labelNames.contains("dependency")) {
            assertThat(family.stream().map(s -> s.label("dependency")).collect(Collectors.toSet())).as(name).isEqualTo(DEPENDENCIES);
        }
        return family;
    }

    @Test
    void everySpecNameHasExactlyItsLabelsAndPlausibleValues() {
        // Real probes ran: the tcp probe reached NATS twice (its last probe too), the OpenMeter probe was refused thrice.
        String text = Await.value(Duration.ofSeconds(30), "edge probed twice and billing failed thrice", () -> {
            String t = scrape();
            List<Sample> s = PrometheusText.parse(t);
            boolean ran = value(s, "saas_probe_total", Map.of("dependency", "edge", "result", "success")) >= 2
                    && value(s, "saas_dependency_consecutive_failures", Map.of("dependency", "edge")) == 0
                    && value(s, "saas_probe_total", Map.of("dependency", "billing", "result", "failure")) >= 3;
            return ran ? java.util.Optional.of(t) : java.util.Optional.empty();
        });
        List<Sample> samples = PrometheusText.parse(text);

        assertThat(family(samples, "saas_dependency_up", Set.of("dependency", "type"))).hasSize(5)
                .allSatisfy(s -> assertThat(s.value()).isIn(0.0, 1.0));
        assertThat(value(samples, "saas_dependency_up", Map.of("dependency", "edge", "type", "tcp"))).isEqualTo(1.0);
        assertThat(value(samples, "saas_dependency_up", Map.of("dependency", "billing", "type", "openmeter"))).isEqualTo(0.0);

        List<Sample> status = family(samples, "saas_dependency_status", Set.of("dependency", "status"));
        for (String dependency : DEPENDENCIES) {
            List<Sample> mine = status.stream().filter(s -> s.label("dependency").equals(dependency)).toList();
            assertThat(mine.stream().map(s -> s.label("status")))
                    .containsExactlyInAnyOrder("healthy", "degraded", "unhealthy", "circuit_open", "unknown");
            assertThat(mine.stream().filter(s -> s.value() == 1.0)).as("one current status of " + dependency).hasSize(1);
            assertThat(mine.stream().filter(s -> s.value() == 0.0)).hasSize(4);
        }
        assertThat(value(samples, "saas_dependency_status", Map.of("dependency", "edge", "status", "healthy"))).isEqualTo(1.0);
        assertThat(value(samples, "saas_dependency_status", Map.of("dependency", "billing", "status", "circuit_open"))).isEqualTo(1.0);

        assertThat(family(samples, "saas_dependency_circuit_state", Set.of("dependency")))
                .allSatisfy(s -> assertThat(s.value()).isIn(0.0, 1.0, 2.0));
        assertThat(value(samples, "saas_dependency_circuit_state", Map.of("dependency", "edge"))).isEqualTo(0.0);
        assertThat(value(samples, "saas_dependency_circuit_state", Map.of("dependency", "billing"))).isIn(1.0, 2.0);

        assertThat(family(samples, "saas_dependency_consecutive_failures", Set.of("dependency")))
                .allSatisfy(s -> assertThat(s.value()).isGreaterThanOrEqualTo(0.0));
        assertThat(value(samples, "saas_dependency_consecutive_failures", Map.of("dependency", "edge"))).isEqualTo(0.0);
        assertThat(value(samples, "saas_dependency_consecutive_failures", Map.of("dependency", "billing"))).isGreaterThanOrEqualTo(3.0);

        histogram(samples);

        List<Sample> probes = family(samples, "saas_probe_total", Set.of("dependency", "result"));
        assertThat(probes.stream().map(s -> s.label("result")).collect(Collectors.toSet())).isEqualTo(Set.of("success", "failure"));
        for (String dependency : DEPENDENCIES) {
            double total = value(samples, "saas_probe_total", Map.of("dependency", dependency, "result", "success"))
                    + value(samples, "saas_probe_total", Map.of("dependency", dependency, "result", "failure"));
            double count = value(samples, "saas_probe_duration_seconds_count", Map.of("dependency", dependency));
            assertThat(total).as("probes of %s counted once each", dependency).isCloseTo(count, org.assertj.core.data.Offset.offset(1.0));
        }

        for (String name : List.of("saas_nats_mirror_lag_messages", "saas_nats_mirror_lag_seconds")) {
            assertThat(family(samples, name, Set.of("stream"))).singleElement().satisfies(s -> {
                assertThat(s.label("stream")).isEqualTo("ORDERS_DR");
                assertThat(Double.isNaN(s.value()) || s.value() >= 0).as(name + " is NaN (not measured) or a lag").isTrue();
            });
        }

        assertThat(text).contains("# TYPE saas_probe_duration_seconds histogram", "# TYPE saas_probe counter");
        assertThat(text).as("the Netty binder is off").doesNotContain("netty_");
    }

    private static void histogram(List<Sample> samples) {
        List<Sample> buckets = family(samples, "saas_probe_duration_seconds_bucket", Set.of("dependency", "le"));
        family(samples, "saas_probe_duration_seconds_count", Set.of("dependency"));
        family(samples, "saas_probe_duration_seconds_sum", Set.of("dependency"));
        for (String dependency : DEPENDENCIES) {
            List<Sample> mine = buckets.stream().filter(s -> s.label("dependency").equals(dependency)).toList();
            assertThat(mine.stream().map(s -> s.label("le"))).containsExactlyElementsOf(BUCKETS);
            for (int i = 1; i < mine.size(); i++) {
                assertThat(mine.get(i).value()).as("cumulative buckets").isGreaterThanOrEqualTo(mine.get(i - 1).value());
            }
            assertThat(mine.get(mine.size() - 1).value())
                    .isEqualTo(value(samples, "saas_probe_duration_seconds_count", Map.of("dependency", dependency)));
            assertThat(value(samples, "saas_probe_duration_seconds_sum", Map.of("dependency", dependency))).isGreaterThanOrEqualTo(0.0);
        }
        double edgeCount = value(samples, "saas_probe_duration_seconds_count", Map.of("dependency", "edge"));
        assertThat(value(samples, "saas_probe_duration_seconds_bucket", Map.of("dependency", "edge", "le", "1.0")))
                .as("a loopback tcp connect takes well under a second").isGreaterThanOrEqualTo(edgeCount - 1);
    }
}
