package io.saasagent.cluster.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.saasagent.config.ConfigError;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code backup-cronjob}: a CronJob that takes backups. The backup SLIs: freshness, the age of
 * {@code status.lastSuccessfulTime} (warning 25 h, critical 48 h), and success rate, succeeded / finished
 * among the Jobs it owns that Kubernetes still keeps (warning under 99 %, critical under 95 %; the
 * 30-day rate is Prometheus' to compute from the series). A suspended CronJob is named as such. Two
 * reads: the CronJob, and the Jobs of its namespace.
 */
final class BackupCronJobCheck extends KubernetesObjectCheck {
    static final String KIND = "backup-cronjob";
    private final Objectives.Limits age;
    private final double successWarn;
    private final double successCritical;

    BackupCronJobCheck(CheckSpec spec, List<ConfigError> errors) {
        super(spec);
        Objectives o = new Objectives(spec, errors);
        age = o.limits("warn-age", Duration.ofHours(25), "critical-age", Duration.ofHours(48), true);
        successWarn = o.ratio("success-warn", 0.99);
        successCritical = o.ratio("success-critical", 0.95);
        if (successCritical > successWarn) {
            errors.add(new ConfigError(spec.key() + "success-critical", "must not exceed success-warn (" + successWarn + ")"));
        }
        o.rejectUnknown();
    }

    @Override
    public String objective() {
        return "last success within " + age.words() + "; success rate >= " + percent(successWarn) + " (warn) / " + percent(successCritical) + " (critical)";
    }

    @Override
    ApiType type() {
        return ApiType.CRON_JOB;
    }

    @Override
    public int requests() {
        return 2;
    }

    @Override
    CheckResult judge(GenericKubernetesResource cron, ClusterObjects api, String namespace, Instant now) {
        Assessment a = new Assessment(objective());
        if (Boolean.TRUE.equals(Fields.at(cron, "spec", "suspend"))) {
            a.degraded("suspended (spec.suspend: true): no backup will run");
        }
        Instant last = Durations.time(Fields.at(cron, "status", "lastSuccessfulTime"));
        a.detail("last_successful_time", last == null ? null : last.toString())
                .detail("last_schedule_time", Fields.text(cron, "status", "lastScheduleTime"));
        Instant since = last != null ? last : created(cron);
        if (since != null) {
            a.age(last != null ? "last success" : "no success since creation", since(since, now), age);
        } else {
            a.unhealthy("no successful run recorded");
        }
        ClusterObjects.Read jobs = api.all(ApiType.JOB, namespace);
        if (jobs.failed()) {
            a.detail("jobs_error", jobs.problem());
            return a.result(now);
        }
        int succeeded = 0;
        int failed = 0;
        for (GenericKubernetesResource job : jobs.items()) {
            if (!ownedBy(job, cron)) {
                continue;
            }
            if (Fields.isTrue(Fields.condition(job, "Complete"))) {
                succeeded++;
            } else if (Fields.isTrue(Fields.condition(job, "Failed"))) {
                failed++;
            }
        }
        a.detail("jobs_succeeded", succeeded).detail("jobs_failed", failed);
        if (succeeded + failed > 0) {
            double ratio = (double) succeeded / (succeeded + failed);
            a.successRatio(ratio);
            String words = "success rate " + percent(ratio) + " (" + succeeded + " of " + (succeeded + failed) + " kept Jobs)";
            if (ratio < successCritical) {
                a.unhealthy(words + " under " + percent(successCritical));
            } else if (ratio < successWarn) {
                a.degraded(words + " under " + percent(successWarn));
            }
        }
        return a.result(now);
    }

    private static boolean ownedBy(GenericKubernetesResource job, GenericKubernetesResource cron) {
        List<OwnerReference> owners = job.getMetadata() == null ? null : job.getMetadata().getOwnerReferences();
        if (owners == null) {
            return false;
        }
        String uid = cron.getMetadata().getUid();
        return owners.stream().anyMatch(o -> "CronJob".equals(o.getKind()) && cron.getMetadata().getName().equals(o.getName())
                && (uid == null || o.getUid() == null || uid.equals(o.getUid())));
    }

    private static String percent(double ratio) {
        double p = Math.round(ratio * 1000) / 10.0;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + "%";
    }
}
