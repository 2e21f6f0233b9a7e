package io.saasagent.cluster.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.saasagent.config.ConfigError;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code velero-schedule}: a Velero Schedule (cluster state, daily). Phase {@code Enabled}, not paused,
 * and the age of {@code status.lastBackup} (the last backup the schedule started; its success is the
 * Backup's own phase) against the backup freshness SLI (25 h / 48 h).
 */
final class VeleroScheduleCheck extends KubernetesObjectCheck {
    static final String KIND = "velero-schedule";
    private final Objectives.Limits age;

    VeleroScheduleCheck(CheckSpec spec, List<ConfigError> errors) {
        super(spec);
        Objectives o = new Objectives(spec, errors);
        age = o.limits("warn-age", Duration.ofHours(25), "critical-age", Duration.ofHours(48), true);
        o.rejectUnknown();
    }

    @Override
    public String objective() {
        return "Enabled, last backup within " + age.words();
    }

    @Override
    ApiType type() {
        return ApiType.VELERO_SCHEDULE;
    }

    @Override
    CheckResult judge(GenericKubernetesResource schedule, ClusterObjects api, String namespace, Instant now) {
        Assessment a = new Assessment(objective());
        String phase = Fields.text(schedule, "status", "phase");
        Instant last = Durations.time(Fields.at(schedule, "status", "lastBackup"));
        a.detail("phase", phase).detail("last_backup", last == null ? null : last.toString());
        if ("FailedValidation".equals(phase)) {
            a.unhealthy("phase FailedValidation: " + Fields.text(schedule, "status", "validationErrors"));
        } else if (!"Enabled".equals(phase)) {
            a.degraded("phase " + phase + ", not Enabled");
        }
        if (Boolean.TRUE.equals(Fields.at(schedule, "spec", "paused"))) {
            a.degraded("paused (spec.paused: true): no backup will run");
        }
        Instant since = last != null ? last : created(schedule);
        if (since != null) {
            a.age(last != null ? "last backup" : "no backup since creation", since(since, now), age);
        } else {
            a.unhealthy("no backup recorded");
        }
        return a.result(now);
    }
}
