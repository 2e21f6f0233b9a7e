package io.saasagent.cluster.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.saasagent.config.ConfigError;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code external-secret}: an External Secrets Operator ExternalSecret. Ready condition, and the age of
 * {@code status.refreshTime} against the state-sync table (lag budget 5 min, alert above 10 min). The
 * objectives must exceed the ExternalSecret's own refreshInterval (ESO's default is 1h).
 */
final class ExternalSecretCheck extends KubernetesObjectCheck {
    static final String KIND = "external-secret";
    private final Objectives.Limits age;

    ExternalSecretCheck(CheckSpec spec, List<ConfigError> errors) {
        super(spec);
        Objectives o = new Objectives(spec, errors);
        age = o.limits("warn-age", Duration.ofMinutes(5), "critical-age", Duration.ofMinutes(10), true);
        o.rejectUnknown();
    }

    @Override
    public String objective() {
        return "Ready, refreshed within " + age.words();
    }

    @Override
    ApiType type() {
        return ApiType.EXTERNAL_SECRET;
    }

    @Override
    CheckResult judge(GenericKubernetesResource object, ClusterObjects api, String namespace, Instant now) {
        Assessment a = new Assessment(objective());
        Map<?, ?> ready = Fields.condition(object, "Ready");
        a.detail("ready", ready.get("status"));
        if (!Fields.isTrue(ready)) {
            a.unhealthy("not Ready: " + Fields.explain(ready));
        }
        Instant refreshed = Durations.time(Fields.at(object, "status", "refreshTime"));
        a.detail("refresh_time", refreshed == null ? null : refreshed.toString());
        if (refreshed == null) {
            a.unhealthy("never refreshed (no status.refreshTime)");
        } else {
            a.age("refreshed", since(refreshed, now), age);
        }
        return a.result(now);
    }
}
