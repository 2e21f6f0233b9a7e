package io.saasagent.cluster.check;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * One Kubernetes resource type the checks read, spelled out (group, version, plural) so that fabric8
 * needs no discovery request to find it: one check costs exactly its own reads.
 */
record ApiType(String group, String version, String kind, String plural) {
    static final ApiType EXTERNAL_SECRET = new ApiType("external-secrets.io", "v1beta1", "ExternalSecret", "externalsecrets");
    static final ApiType ARGO_APPLICATION = new ApiType("argoproj.io", "v1alpha1", "Application", "applications");
    static final ApiType CRON_JOB = new ApiType("batch", "v1", "CronJob", "cronjobs");
    static final ApiType JOB = new ApiType("batch", "v1", "Job", "jobs");
    static final ApiType VELERO_SCHEDULE = new ApiType("velero.io", "v1", "Schedule", "schedules");
    static final ApiType CERTIFICATE = new ApiType("cert-manager.io", "v1", "Certificate", "certificates");

    ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    /** plural.group, as RBAC and kubectl name it. */
    String resource() {
        return plural + "." + group;
    }
}
