package io.saasagent.coordination;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this agent's verdict in the {@code saas-agent/verdict} annotation of its own pod, with one
 * JSON merge patch, and only when it matters to the API server: when the verdict changes, and while
 * it names a failure or a dependency down, every quarter of verdict-max-age so that the leader knows it is still meant.
 * A healthy agent writes once at start (clearing what a previous container left) and then only on change.
 * All writes happen on the coordination thread, never on the caller's.
 */
final class VerdictPublisher {
    private static final Logger LOG = Logger.getLogger(VerdictPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final CoordinationSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Duration refreshEvery;

    private volatile Verdict latest;
    // Only touched on the coordination thread.
    private List<List<String>> written;
    private volatile Instant writtenAt;
    private volatile String lastError;
    private volatile long patches;

    VerdictPublisher(KubernetesClient client, CoordinationSettings settings, Clock clock, ScheduledExecutorService executor) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.executor = executor;
        this.refreshEvery = settings.verdictMaxAge().dividedBy(4);
        this.latest = new Verdict(settings.identity(), List.of(), List.of(), clock.instant());
    }

    void start() {
        executor.execute(() -> sync(false));
        long every = Math.max(1, refreshEvery.toMillis());
        executor.scheduleWithFixedDelay(() -> sync(true), every, every, TimeUnit.MILLISECONDS);
    }

    void publish(Verdict verdict) {
        latest = new Verdict(settings.identity(), verdict.failures(), verdict.downDependencies(), verdict.alerts(), verdict.at());
        executor.execute(() -> sync(false));
    }

    /** The latest verdict the engine published (what this agent sees now, written or not). */
    Verdict latest() {
        return latest;
    }

    private void sync(boolean refresh) {
        Verdict v = latest;
        List<List<String>> content = List.of(v.failures(), v.downDependencies(), v.alerts());
        boolean changed = !content.equals(written);
        // A dependency seen down is refreshed too, with no rule firing on it: a standby region's probe of the
        // primary's endpoint only votes (the take-over's quorum), and must not go stale while the outage lasts.
        if (!changed && !(refresh && !(v.failures().isEmpty() && v.downDependencies().isEmpty() && v.alerts().isEmpty()))) {
            return;
        }
        Verdict stamped = new Verdict(v.agent(), v.failures(), v.downDependencies(), v.alerts(), clock.instant());
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").putObject("annotations").put(VerdictAnnotation.KEY, VerdictAnnotation.encode(stamped));
        try {
            // resource(stub), not withName(): fabric8 would read the pod first to patch it by name.
            client.pods().inNamespace(settings.namespace()).resource(ownPod())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
            written = content;
            writtenAt = stamped.at();
            patches++;
            if (lastError != null) {
                LOG.infof("verdict annotation written again on pod %s", settings.identity());
            }
            lastError = null;
        } catch (KubernetesClientException e) {
            String reason = ApiFailure.is(e, 404)
                    ? "own pod " + settings.namespace() + "/" + settings.identity() + " not found (agent.coordination.pod-name)"
                    : ApiFailure.describe(e);
            if (!reason.equals(lastError)) {
                LOG.warnf("cannot write the verdict annotation on pod %s: %s (retrying every %s)", settings.identity(), reason, refreshEvery);
            }
            lastError = reason;
            // written stays as it was: the next refresh tries again
            written = null;
        }
    }

    private Pod ownPod() {
        return new PodBuilder().withNewMetadata().withName(settings.identity()).withNamespace(settings.namespace()).endMetadata().build();
    }

    Map<String, Object> summary() {
        Verdict v = latest;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("failures", v.failures());
        m.put("down", v.downDependencies());
        m.put("alerts", v.alerts());
        m.put("annotation", VerdictAnnotation.KEY);
        m.put("written_at", writtenAt == null ? null : writtenAt.toString());
        m.put("writes", patches);
        if (lastError != null) {
            m.put("error", lastError);
        }
        return m;
    }
}
