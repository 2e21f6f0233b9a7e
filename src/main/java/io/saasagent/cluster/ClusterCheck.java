package io.saasagent.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.time.Duration;
import java.time.Instant;

/**
 * One DR readiness check of one object, Gatus-like: each kind is one small subclass that owns its
 * objectives (read and checked from the configuration in its constructor) and its judgement. This base
 * reads the object; a type the API does not serve or may not be read is {@code unknown} with the
 * reason, a missing object is {@code unhealthy} (the thing the runbook checks is not there).
 */
public abstract class ClusterCheck {
    protected final CheckSpec spec;

    protected ClusterCheck(CheckSpec spec) {
        this.spec = spec;
    }

    public CheckSpec spec() {
        return spec;
    }

    /** The kind's name in configuration and metric labels. */
    public String kind() {
        return spec.kind();
    }

    /** The objective in words, as shown beside each result. */
    public abstract String objective();

    abstract ApiType type();

    /** Judges the object as read. */
    abstract CheckResult judge(GenericKubernetesResource object, ClusterObjects api, String namespace, Instant now);

    /** API requests one run of this check sends (the load measurement adds them up). */
    public int requests() {
        return 1;
    }

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

    /** The age of a status time against now; negative ages (clock skew) count as zero. */
    static Duration since(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** The object's creation time, for "nothing yet since it was created". */
    static Instant created(GenericKubernetesResource object) {
        return Durations.time(object.getMetadata() == null ? null : object.getMetadata().getCreationTimestamp());
    }
}
