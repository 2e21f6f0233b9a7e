package io.saasagent.cluster.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.saasagent.config.ConfigError;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code argocd-application}: an Argo CD Application. Synced and Healthy is healthy whatever the age of
 * the last sync (the cluster matches Git now). Otherwise the age of {@code status.operationState.finishedAt}
 * (the last sync) is how long the configuration may have drifted: degraded within the configuration
 * RPO (contract 3: 1 h), unhealthy past it or when no sync ever finished.
 */
final class ArgoApplicationCheck extends KubernetesObjectCheck {
    static final String KIND = "argocd-application";
    private final Duration rpo;

    ArgoApplicationCheck(CheckSpec spec, List<ConfigError> errors) {
        super(spec);
        Objectives o = new Objectives(spec, errors);
        rpo = o.duration("rpo", Duration.ofHours(1));
        o.rejectUnknown();
    }

    @Override
    public String objective() {
        return "Synced and Healthy; otherwise last sync within the RPO " + Durations.words(rpo);
    }

    @Override
    ApiType type() {
        return ApiType.ARGO_APPLICATION;
    }

    @Override
    CheckResult judge(GenericKubernetesResource object, ClusterObjects api, String namespace, Instant now) {
        Assessment a = new Assessment(objective());
        String sync = Fields.text(object, "status", "sync", "status");
        String health = Fields.text(object, "status", "health", "status");
        Instant finished = Durations.time(Fields.at(object, "status", "operationState", "finishedAt"));
        a.detail("sync", sync).detail("health", health).detail("operation_phase", Fields.text(object, "status", "operationState", "phase"))
                .detail("finished_at", finished == null ? null : finished.toString());
        if ("Synced".equals(sync) && "Healthy".equals(health)) {
            return a.measured(finished == null ? null : since(finished, now)).result(now);
        }
        String state = "sync " + sync + ", health " + health;
        if (finished == null) {
            return a.unhealthy(state + ", no sync ever finished").result(now);
        }
        Duration age = since(finished, now);
        a.measured(age);
        // Past the RPO the drift breaches contract 3; within it Argo CD may still be catching up.
        String reason = state + ", last sync finished " + Durations.words(age) + " ago";
        return (age.compareTo(rpo) > 0 ? a.unhealthy(reason + ", over the RPO " + Durations.words(rpo)) : a.degraded(reason)).result(now);
    }
}
