package io.saasagent.failover.incident;

import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.failover.policy.RuleEvaluation;
import io.saasagent.failover.record.FailoverRecord;
import io.saasagent.failover.record.Incident;
import io.saasagent.failover.record.TimelineEntry;
import io.saasagent.alerting.Alert;
import io.saasagent.coordination.Coordinator;
import io.saasagent.coordination.Decision;
import io.saasagent.support.Failures;
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
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where the failover engine writes down what happens: decisions go to the coordinator (a Kubernetes
 * Event and a log line), every line goes to the recent log and to the open incident's timeline, and
 * alerts go to the sink (the notifiers). Every message passes the {@link Redactor}. Used under the
 * engine's lock; {@link #recent()} may be read from anywhere.
 */
public final class FailoverJournal {
    private static final Logger LOG = Logger.getLogger("io.saasagent.failover.FailoverEngine");
    private static final int RECENT = 50;

    private final FailoverSettings settings;
    private final Coordinator coordinator;
    private final Consumer<Alert> alerts;
    private final Clock clock;
    private final Deque<TimelineEntry> recent = new ArrayDeque<>();
    private Incident incident;
    /** The fleet's record as this agent holds it: its open pages outlive this process and this holder. */
    private final Supplier<FailoverRecord> record;
    /** Pod-local keys this agent opened and has not resolved (its own faults: not the fleet's to resolve). */
    private final Set<String> podOpened = new LinkedHashSet<>();
    /** Alert rules this pod paged on its own key (its own dependencies) and has not resolved. */
    private final Set<String> podRules = new LinkedHashSet<>();

    FailoverJournal(FailoverSettings settings, Coordinator coordinator, Consumer<Alert> alerts, Clock clock, Supplier<FailoverRecord> record) {
        this.settings = settings;
        this.coordinator = coordinator;
        this.alerts = alerts;
        this.clock = clock;
        this.record = record;
    }

    /** The incident whose timeline gets the lines from now on (while it is open). */
    public void follow(Incident current) {
        incident = current;
    }

    /** A decision: recorded through the coordinator (which logs it) and in the timeline. */
    public void record(String kind, String message, Map<String, Object> evidence) {
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
    public void entry(String event, String message, Map<String, Object> evidence) {
        TimelineEntry e = new TimelineEntry(clock.instant(), event, Redactor.redact(message), evidence);
        add(e);
        LOG.infof("failover %s: %s", event, e.message());
    }

    /** A line in the timeline only: the caller has logged it. */
    public void note(String event, String message, Map<String, Object> evidence) {
        add(new TimelineEntry(clock.instant(), event, Redactor.redact(message), evidence));
    }

    /**
     * A rule started or stopped firing: a timeline line, and for an alert rule on this pod's own dependencies an
     * alert under the rule's per-pod key. An alert rule on a shared dependency pages once for the fleet, from the
     * holder on the quorum's view ({@link FleetAlerts}); a dns_failover rule pages through the incident.
     */
    public void ruleEdge(RuleEvaluation e) {
        String name = e.rule().name();
        entry(e.firing() ? "RuleFired" : "RuleResolved", name + (e.firing() ? " fired: " + e.reason() : " resolved"), e.evidence());
        boolean podLocal = !e.involved().isEmpty() && e.involved().stream().allMatch(settings::podLocal);
        if (e.rule().failover() || (e.firing() ? !podLocal : !podRules.remove(name))) {
            return;
        }
        if (e.firing()) {
            podRules.add(name);
        }
        // The agent's own observation: its own key, so that it resolves only what it opened.
        send(new Alert("saas-agent/rule/" + name + "/" + coordinator.identity(), name, e.rule().severity(), e.firing(),
                Redactor.redact(name + (e.firing() ? ": " + e.reason() : " resolved")), e.evidence(), clock.instant()));
    }

    /**
     * A fleet event of the incident (only the holder calls this): one dedup key per incident and event
     * kind, so "written" is never swallowed after "fired". The key is kept in the fleet's record until it is
     * resolved, at the incident's end or when its cause is over, by this holder or the next one.
     */
    public void page(String kind, String severity, String summary, Map<String, Object> evidence) {
        String key = key(kind);
        record.get().pages.add(key);
        fire(key, severity, summary, evidence, kind);
    }

    /** A page about this pod itself (its engine's own fault): its own key, resolved by this pod alone. */
    public void podPage(String kind, String severity, String summary, Map<String, Object> evidence) {
        String key = key(kind + "/" + coordinator.identity());
        podOpened.add(key);
        fire(key, severity, summary, evidence, kind);
    }

    /** What a page of {@code kind} said is over (a drift put right, the engine stepping again): its open keys resolved. */
    public void resolveKind(String kind, String summary) {
        for (Set<String> keys : List.of(record.get().pages, podOpened)) {
            for (String key : List.copyOf(keys)) {
                if (key.endsWith("/" + kind) || key.endsWith("/" + kind + "/" + coordinator.identity())) {
                    keys.remove(key);
                    resolve(key, summary);
                }
            }
        }
    }

    /** The incident is over: a "resolved" event, and every fleet page still open resolved, whoever opened it. */
    void resolved(String summary) {
        page("resolved", "info", summary, Map.of());
        Set<String> open = record.get().pages;
        for (String key : List.copyOf(open)) {
            resolve(key, summary);
        }
        open.clear();
    }

    private String key(String kind) {
        return "saas-agent/failover/" + (incident != null && incident.open() ? incident.id
                : settings.record() == null ? "policy" : settings.record()) + "/" + kind;
    }

    private void fire(String key, String severity, String summary, Map<String, Object> evidence, String kind) {
        Map<String, Object> facts = new LinkedHashMap<>(evidence);
        facts.values().removeIf(Objects::isNull); // Alert copies with Map.copyOf, which refuses nulls
        facts.put("event", kind);
        send(new Alert(key, incident == null ? "failover" : incident.rule, severity, true, Redactor.redact(summary), facts, clock.instant()));
    }

    /** The holder's page for the fleet of an alert rule on a shared dependency (one key for all pods). */
    void fleetAlert(String rule, String severity, boolean firing, String summary, Map<String, Object> evidence) {
        Map<String, Object> facts = new LinkedHashMap<>(evidence);
        facts.values().removeIf(Objects::isNull);
        send(new Alert("saas-agent/rule/" + rule, rule, severity, firing, Redactor.redact(summary), facts, clock.instant()));
    }

    private void resolve(String key, String summary) {
        send(new Alert(key, incident == null ? "failover" : incident.rule, "info", false, Redactor.redact(summary), Map.of(), clock.instant()));
    }

    /**
     * A page about the fleet rather than one incident (the record unreadable, nobody able to act): one fixed
     * key for the whole fleet, so every agent that opens or resolves it speaks of the same page.
     */
    public void fleetPage(String kind, String severity, boolean firing, String summary, Map<String, Object> evidence) {
        Map<String, Object> facts = new LinkedHashMap<>(evidence);
        facts.values().removeIf(Objects::isNull);
        facts.put("event", kind);
        String key = "saas-agent/fleet/" + (settings.record() == null ? "policy" : settings.record()) + "/" + kind;
        send(new Alert(key, kind, severity, firing, Redactor.redact(summary), facts, clock.instant()));
    }

    public List<TimelineEntry> recent() {
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
