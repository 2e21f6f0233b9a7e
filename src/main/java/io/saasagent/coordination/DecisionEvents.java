package io.saasagent.coordination;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records decisions as Kubernetes Events on the agent's own pod ({@code kubectl describe pod} shows them).
 * One Event per decision kind (its reason) for the life of this agent: the first decision creates it,
 * repeats raise its count and replace its message, written at most once per event-min-interval, so a
 * decision taken on every probe round costs the API server one patch per interval, not one per round.
 * All writes happen on the coordination thread; a failed write is logged and retried with the next decision.
 */
final class DecisionEvents {
    private static final Logger LOG = Logger.getLogger(DecisionEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String COMPONENT = "saas-agent";
    /** The events.k8s.io limit on a note; core Events take more, but nobody reads further. */
    static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final CoordinationSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    /** Distinguishes this agent run's Events from a previous container's in the same pod. */
    private final String run;
    // Only touched on the coordination thread.
    private final Map<String, Aggregate> byReason = new HashMap<>();
    private String podUid;
    private volatile String lastError;
    private volatile long writes;

    private static final class Aggregate {
        final String name;
        int count;
        Decision latest;
        String first;
        boolean created;
        long lastWriteNanos;
        boolean flushScheduled;

        Aggregate(String name) {
            this.name = name;
        }
    }

    DecisionEvents(KubernetesClient client, CoordinationSettings settings, Clock clock, ScheduledExecutorService executor) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.executor = executor;
        this.run = Long.toHexString(clock.millis());
        this.podUid = settings.podUid();
    }

    void record(Decision decision) {
        executor.execute(() -> write(decision));
    }

    private void write(Decision decision) {
        String reason = reason(decision.kind());
        Aggregate a = byReason.computeIfAbsent(reason, r -> new Aggregate(settings.identity() + "." + r.toLowerCase(Locale.ROOT) + "." + run));
        a.count++;
        a.latest = decision;
        if (a.first == null) {
            a.first = decision.at().toString();
        }
        long since = System.nanoTime() - a.lastWriteNanos;
        long min = settings.eventMinInterval().toNanos();
        if (!a.created || since >= min) {
            flush(a, reason);
        } else if (!a.flushScheduled) {
            a.flushScheduled = true;
            executor.schedule(() -> {
                a.flushScheduled = false;
                flush(a, reason);
            }, min - since, TimeUnit.NANOSECONDS);
        }
    }

    private void flush(Aggregate a, String reason) {
        try {
            if (a.created) {
                try {
                    patch(a);
                } catch (KubernetesClientException e) {
                    if (!ApiFailure.is(e, 404)) {
                        throw e;
                    }
                    create(a, reason); // expired (the API server keeps Events an hour)
                }
            } else {
                create(a, reason);
            }
            a.created = true;
            a.lastWriteNanos = System.nanoTime();
            writes++;
            lastError = null;
        } catch (KubernetesClientException e) {
            String why = ApiFailure.describe(e);
            if (!why.equals(lastError)) {
                LOG.warnf("cannot record Event %s on pod %s: %s", reason, settings.identity(), why);
            }
            lastError = why;
        }
    }

    private void create(Aggregate a, String reason) {
        Decision d = a.latest;
        String now = clock.instant().toString();
        Event event = new EventBuilder()
                .withNewMetadata().withName(a.name).withNamespace(settings.namespace()).endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withName(settings.identity())
                .withNamespace(settings.namespace()).withUid(uid()).endInvolvedObject()
                .withReason(reason)
                .withMessage(message(d))
                .withType(type(d.kind()))
                .withCount(a.count)
                .withFirstTimestamp(a.first)
                .withLastTimestamp(now)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(settings.identity())
                .build();
        try {
            client.v1().events().inNamespace(settings.namespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            if (!ApiFailure.is(e, 409)) {
                throw e;
            }
            patch(a);
        }
    }

    private void patch(Aggregate a) {
        ObjectNode patch = JSON.createObjectNode();
        patch.put("count", a.count);
        patch.put("message", message(a.latest));
        patch.put("lastTimestamp", clock.instant().toString());
        // resource(stub), not withName(): fabric8 would read the Event first to patch it by name.
        Event stub = new EventBuilder().withNewMetadata().withName(a.name).withNamespace(settings.namespace()).endMetadata().build();
        client.v1().events().inNamespace(settings.namespace()).resource(stub)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }

    /** The pod's uid lets {@code kubectl describe pod} find the Events; from POD_UID, else read once. */
    private String uid() {
        if (podUid == null) {
            try {
                Pod pod = client.pods().inNamespace(settings.namespace()).withName(settings.identity()).get();
                podUid = pod == null ? null : pod.getMetadata().getUid();
            } catch (KubernetesClientException e) {
                return null;
            }
        }
        return podUid;
    }

    static String message(Decision d) {
        return Decisions.describe(d, MAX_MESSAGE);
    }

    /** An Event reason is UpperCamelCase without spaces. */
    static String reason(String kind) {
        String r = kind == null ? "" : kind.replaceAll("[^A-Za-z0-9]", "");
        return r.isEmpty() ? "Decision" : r.length() > 128 ? r.substring(0, 128) : r;
    }

    /** Refusals and failures are warnings; the rest is a normal step of an incident. */
    static String type(String kind) {
        String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
        return k.contains("refused") || k.contains("failed") || k.contains("error") ? "Warning" : "Normal";
    }

    Map<String, Object> summary() {
        Map<String, Object> m = new HashMap<>();
        m.put("writes", writes);
        if (lastError != null) {
            m.put("error", lastError);
        }
        return m;
    }
}
