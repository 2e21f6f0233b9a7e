package io.saasagent.cluster.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.time.Instant;

/**
 * A check of one Kubernetes object. This base reads the object; a type the API does not serve or may not
 * be read is {@code unknown} with the reason, a missing object is {@code unhealthy} (the thing the runbook
 * checks is not there).
 */
abstract class KubernetesObjectCheck extends ClusterCheck {

    KubernetesObjectCheck(CheckSpec spec) {
        super(spec);
    }

    abstract ApiType type();

    /** Judges the object as read. */
    abstract CheckResult judge(GenericKubernetesResource object, ClusterObjects api, String namespace, Instant now);

    @Override
    public final CheckResult run(ClusterObjects api, Instant now) {
        String namespace = spec.namespace().isEmpty() ? api.defaultNamespace() : spec.namespace();
        ClusterObjects.Read read = api.named(type(), namespace, spec.objectName());
        if (read.failed()) {
            return CheckResult.unknown(objective(), read.problem(), now);
        }
        if (read.items().isEmpty()) {
            return new Assessment(objective()).unhealthy(type().kind() + " " + namespace + "/" + spec.objectName() + " not found")
                    .result(now);
        }
        try {
            return judge(read.items().get(0), api, namespace, now);
        } catch (RuntimeException e) {
            // An object in a shape this version does not know must not stop the other checks.
            return CheckResult.unknown(objective(), "unreadable " + type().kind() + ": " + e.getClass().getSimpleName(), now);
        }
    }

    /** The object's creation time, for "nothing yet since it was created". */
    static Instant created(GenericKubernetesResource object) {
        return Durations.time(object.getMetadata() == null ? null : object.getMetadata().getCreationTimestamp());
    }
}
