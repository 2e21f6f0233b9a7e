package io.saasagent.cluster.check;

import java.time.Duration;
import java.time.Instant;

/**
 * One DR readiness check, Gatus-like: each kind is one small subclass that owns its objectives (read and
 * checked from the configuration in its constructor) and its judgement. Most kinds read one Kubernetes
 * object ({@link KubernetesObjectCheck}); {@code object-store} lists a bucket instead ({@link ObjectStoreCheck}).
 * {@link #run} never throws for what it watches: what it cannot read is {@code unknown} with the reason.
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

    /** What it watches, as shown: namespace/name of the object, or the bucket's URL. */
    public String object(String defaultNamespace) {
        return spec.object(defaultNamespace);
    }

    /** Kubernetes API requests one run of this check sends (the load measurement adds them up). */
    public int requests() {
        return 1;
    }

    /** One run at {@code now} (the runner's clock). */
    public abstract CheckResult run(ClusterObjects api, Instant now);

    /** The age of a status time against now; negative ages (clock skew) count as zero. */
    static Duration since(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
