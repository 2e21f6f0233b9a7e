package io.saasagent.cluster;

import io.saasagent.cluster.check.ClusterApi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The objects of {@link ClusterChecksTest}, written as the operators write them: External Secrets
 * Operator (external-secrets.io/v1beta1), Argo CD (argoproj.io/v1alpha1), batch/v1 CronJobs with the
 * Jobs they own, Velero (velero.io/v1) and cert-manager (cert-manager.io/v1).
 */
final class ClusterObjectsFixture {
    private ClusterObjectsFixture() {
    }

    static void populate(ClusterApi api, Instant now) {
        externalSecret(api, "api-secrets", "True", "SecretSynced", "Secret was synced", now.minus(Duration.ofMinutes(2)));
        externalSecret(api, "lagging-secrets", "True", "SecretSynced", "Secret was synced", now.minus(Duration.ofMinutes(7)));
        externalSecret(api, "stale-secrets", "True", "SecretSynced", "Secret was synced", now.minus(Duration.ofMinutes(12)));
        externalSecret(api, "failing-secrets", "False", "SecretSyncedError",
                "could not get secret data from provider", now.minus(Duration.ofMinutes(1)));
        application(api, "saas", "Synced", "Healthy", now.minus(Duration.ofDays(3)));
        application(api, "saas-drift", "OutOfSync", "Healthy", now.minus(Duration.ofMinutes(20)));
        application(api, "saas-stale", "OutOfSync", "Degraded", now.minus(Duration.ofHours(2)));
        jobs(api, cronJob(api, "nats-backup", false, now.minus(Duration.ofHours(3))), "Complete", "Complete", "Complete");
        jobs(api, cronJob(api, "pg-backup", false, now.minus(Duration.ofHours(30))), "Complete", "Failed", "Complete");
        cronJob(api, "old-backup", true, now.minus(Duration.ofHours(50)));
        schedule(api, "daily", "Enabled", now.minus(Duration.ofHours(5)), null);
        schedule(api, "broken", "FailedValidation", null, List.of("invalid schedule: expected exactly 5 fields"));
        api.refuse("schedules", "missing-crd", 404, "NotFound", "the server could not find the requested resource");
        certificate(api, "api-tls", "True", now.plus(Duration.ofDays(60)));
        certificate(api, "soon-tls", "True", now.plus(Duration.ofDays(20)));
        certificate(api, "critical-tls", "True", now.plus(Duration.ofDays(3)));
        certificate(api, "expired-tls", "False", now.minus(Duration.ofDays(1)));
        api.refuse("certificates", "forbidden-tls", 403, "Forbidden", "certificates.cert-manager.io is forbidden: User "
                + "\"system:serviceaccount:saas:saas-agent\" cannot list resource \"certificates\"");
    }

    static void externalSecret(ClusterApi api, String name, String ready, String reason, String message, Instant refreshed) {
        api.create("external-secrets.io/v1beta1", "ExternalSecret", "externalsecrets", Map.of(
                "metadata", ClusterApi.meta(name),
                "spec", Map.of("refreshInterval", "1m", "secretStoreRef", Map.of("name", "vault", "kind", "ClusterSecretStore"),
                        "target", Map.of("name", name)),
                "status", Map.of("refreshTime", refreshed.toString(), "syncedResourceVersion", "1-abc",
                        "conditions", List.of(Map.of("type", "Ready", "status", ready, "reason", reason, "message", message,
                                "lastTransitionTime", refreshed.toString())))));
    }

    static void application(ClusterApi api, String name, String sync, String health, Instant finished) {
        api.create("argoproj.io/v1alpha1", "Application", "applications", Map.of(
                "metadata", ClusterApi.meta(name),
                "spec", Map.of("project", "default", "source", Map.of("repoURL", "https://git.example.test/saas.git", "path", "k8s")),
                "status", Map.of("sync", Map.of("status", sync, "revision", "4f2c1e"), "health", Map.of("status", health),
                        "operationState", Map.of("phase", "Succeeded", "startedAt", finished.minusSeconds(30).toString(),
                                "finishedAt", finished.toString()))));
    }

    /** The CronJob as created: the API server gives it its uid, which its Jobs' ownerReferences carry. */
    static GenericKubernetesResource cronJob(ClusterApi api, String name, boolean suspended, Instant lastSuccess) {
        return api.create("batch/v1", "CronJob", "cronjobs", Map.of(
                "metadata", ClusterApi.meta(name),
                "spec", Map.of("schedule", "0 2 * * *", "suspend", suspended,
                        "jobTemplate", Map.of("spec", Map.of("template", Map.of("spec", Map.of("restartPolicy", "OnFailure"))))),
                "status", Map.of("lastScheduleTime", lastSuccess.toString(), "lastSuccessfulTime", lastSuccess.toString())));
    }

    static void jobs(ClusterApi api, GenericKubernetesResource cronJob, String... outcomes) {
        String cron = cronJob.getMetadata().getName();
        for (int i = 0; i < outcomes.length; i++) {
            api.create("batch/v1", "Job", "jobs", Map.of(
                    "metadata", Map.of("name", cron + "-2926" + i, "namespace", ClusterApi.NAMESPACE,
                            "ownerReferences", List.of(Map.of("apiVersion", "batch/v1", "kind", "CronJob", "name", cron,
                                    "uid", cronJob.getMetadata().getUid(), "controller", true))),
                    "spec", Map.of("template", Map.of("spec", Map.of("restartPolicy", "OnFailure"))),
                    "status", Map.of(outcomes[i].equals("Complete") ? "succeeded" : "failed", 1,
                            "conditions", List.of(Map.of("type", outcomes[i], "status", "True")))));
        }
    }

    static void schedule(ClusterApi api, String name, String phase, Instant lastBackup, List<String> errors) {
        Map<String, Object> status = lastBackup == null
                ? Map.of("phase", phase, "validationErrors", errors)
                : Map.of("phase", phase, "lastBackup", lastBackup.toString());
        api.create("velero.io/v1", "Schedule", "schedules", Map.of(
                "metadata", ClusterApi.meta(name),
                "spec", Map.of("schedule", "0 3 * * *", "template", Map.of("ttl", "720h0m0s")),
                "status", status));
    }

    static void certificate(ClusterApi api, String name, String ready, Instant notAfter) {
        api.create("cert-manager.io/v1", "Certificate", "certificates", Map.of(
                "metadata", ClusterApi.meta(name),
                "spec", Map.of("secretName", name, "dnsNames", List.of("api.example.test"),
                        "issuerRef", Map.of("name", "letsencrypt", "kind", "ClusterIssuer")),
                "status", Map.of("notAfter", notAfter.toString(), "notBefore", notAfter.minus(Duration.ofDays(90)).toString(),
                        "renewalTime", notAfter.minus(Duration.ofDays(30)).toString(),
                        "conditions", List.of(Map.of("type", "Ready", "status", ready, "reason", "True".equals(ready) ? "Ready" : "Expired",
                                "message", "True".equals(ready) ? "Certificate is up to date and has not expired" : "Certificate expired")))));
    }
}
