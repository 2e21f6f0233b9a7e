package io.saasagent.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** The metric-name extraction the rule and dashboard checks rely on finds names, and only names. */
@Timeout(10)
class PromQlTest {

    @Test
    void findsMetricsNotFunctionsLabelsOrDurations() {
        assertThat(PromQl.metricNames("""
                histogram_quantile(0.99,
                  sum by (namespace, dependency, le) (rate(saas_probe_duration_seconds_bucket{result="down", x=~"a|b"}[5m]))) > 10"""))
                .containsExactly("saas_probe_duration_seconds_bucket");
        assertThat(PromQl.metricNames("sum(rate(a_total[1m])) without (pod) / on (ns) group_left (team) b_info offset 15m"))
                .containsExactly("a_total", "b_info");
    }

    @Test
    void findsBothSidesOfSetOperatorsAndIgnoresNumbers() {
        assertThat(PromQl.metricNames("increase(x_total[15m]) > 0 or (x_total > 1e3 unless y_total offset 15m) < 2.5"))
                .containsExactly("x_total", "y_total");
    }

    @Test
    void ignoresGrafanaVariablesAndStrings() {
        assertThat(PromQl.metricNames("max by (stream) (saas_nats_mirror_lag_seconds{namespace=~\"$namespace\"}[$__rate_interval])"))
                .containsExactly("saas_nats_mirror_lag_seconds");
        assertThat(PromQl.metricNames("up{job=\"saas-agent\"} == 0")).containsExactly("up");
    }
}
