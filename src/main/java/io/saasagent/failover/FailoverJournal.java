package io.saasagent.failover;

import io.saasagent.alerting.Alert;
import io.saasagent.coordination.Coordinator;
import io.saasagent.coordination.Decision;
import io.saasagent.probe.Failures;
import io.saasagent.support.Redactor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where the failover engine writes down what happens: decisions go to the coordinator (a Kubernetes
 * Event and a log line), every line goes to the recent log and to the open incident's timeline, and
 * alerts go to the sink (the notifiers). Every message passes the {@link Redactor}. Used under the
 * engine's lock; {@link #recent()} may be read from anywhere.
 */
final class FailoverJournal {
    private static final Logger LOG = Logger.getLogger(FailoverEngine.class);
    private static final int RECENT = 50;

    private final FailoverSettings settings;
    private final Coordinator coordinator;
    private final Consumer<Alert> alerts;
    private final Clock clock;
    private final Deque<TimelineEntry> recent = new ArrayDeque<>();
    private Incident incident;

    FailoverJournal(FailoverSettings settings, Coordinator coordinator, Consumer<Alert> alerts, Clock clock) {
        this.settings = settings;
        this.coordinator = coordinator;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** The incident whose timeline gets the lines from now on (while it is open). */
    void follow(Incident current) {
        incident = current;
    }

    /** A decision: recorded through the coordinator (which logs it) and in the timeline. */
    void record(String kind, String message, Map<String, Object> evidence) {
        Instant at = clock.instant();
        String safe = Redactor.redact(message);
        Map<String, Object> full = new LinkedHashMap<>(evidence);
        full.put("mode", settings.mode().id());
        if (incident != null) {
            full.put("incident", incident.id);
        }
        try {
            coordinator.record(new Decision(kind, safe, full, at));
        } catch (RuntimeException e) {
            LOG.warnf("could not record decision %s: %s", kind, Redactor.redact(Failures.describe(e)));
        }
        add(new TimelineEntry(at, kind, safe, evidence));
    }

    /** A line in the timeline and the log (transitions, rule edges, operator answers). */
    void entry(String event, String message, Map<String, Object> evidence) {
        TimelineEntry e = new TimelineEntry(clock.instant(), event, Redactor.redact(message), evidence);
        add(e);
        LOG.infof("failover %s: %s", event, e.message());
    }

    /** A line in the timeline only: the caller has logged it. */
    void note(String event, String message, Map<String, Object> evidence) {
        add(new TimelineEntry(clock.instant(), event, Redactor.redact(message), evidence));
    }

    /** A rule started or stopped firing: a timeline line and an alert under the rule's own dedup key. */
    void ruleEdge(RuleEvaluation e) {
        String name = e.rule().name();
        entry(e.firing() ? "RuleFired" : "RuleResolved", name + (e.firing() ? " fired: " + e.reason() : " resolved"), e.evidence());
        send(new Alert("saas-agent/rule/" + name, name, e.rule().severity(), e.firing(),
                Redactor.redact(name + (e.firing() ? ": " + e.reason() : " resolved")), e.evidence(), clock.instant()));
    }

    /** A failover step: all share one dedup key per record, so a pager shows one incident. */
    void alert(boolean firing, String severity, String summary, Map<String, Object> evidence) {
        Map<String, Object> facts = new LinkedHashMap<>(evidence);
        facts.values().removeIf(Objects::isNull); // Alert copies with Map.copyOf, which refuses nulls
        send(new Alert("saas-agent/failover/" + (settings.record() == null ? "policy" : settings.record()),
                incident == null ? "failover" : incident.rule, severity, firing, Redactor.redact(summary), facts, clock.instant()));
    }

    List<TimelineEntry> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    private void send(Alert alert) {
        try {
            alerts.accept(alert);
        } catch (RuntimeException e) {
            LOG.warnf("alert sink failed for %s: %s", alert.dedupKey(), Redactor.redact(Failures.describe(e)));
        }
    }

    private void add(TimelineEntry e) {
        synchronized (recent) {
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(e);
        }
        if (incident != null && incident.open()) {
            incident.add(e);
        }
    }
}
