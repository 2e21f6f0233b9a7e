package io.saasagent.status;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Everything the /status page shows, already in words: the template only lays it out. Built per request
 * from immutable snapshots and published views ({@link StatusPages}); {@code tone} is ok, warn, bad or
 * idle and picks the colour.
 */
@RegisterForReflection
public record StatusPage(int code, String headline, String tone, String agent, String renderedAt, String renderedIso,
                         int refreshSeconds, String css, String script, List<DependencyRow> dependencies, FailoverPanel failover,
                         ClusterPanel cluster) {

    /**
     * One dependency: its status, why, and its last results as a bar (oldest first). {@code bar} is the bar's cells
     * as HTML, escaped and made once per new result: sixty cells through the template on every request would cost
     * more than the rest of the page.
     */
    @RegisterForReflection
    public record DependencyRow(String name, String type, boolean critical, String status, String tone, String failureClass,
                                String since, String latency, String window, String lastError, List<Mark> marks, String bar) {
    }

    /** One cell of a bar: {@code css} is ok, warn, bad or none (no result yet); {@code title} shows on hover. */
    @RegisterForReflection
    public record Mark(String css, String title) {
    }

    @RegisterForReflection
    public record FailoverPanel(boolean available, String note, String state, String tone, String mode, String holder,
                                String endpoint, String fired, String disarmed, List<String> pending, String publicStatus, IncidentPanel incident,
                                List<Contract> contracts, List<MirrorRow> mirrors) {
    }

    /** The last incident: {@code summary} gives fired, detection, recovery and duration in one line. */
    @RegisterForReflection
    public record IncidentPanel(String id, String title, boolean open, String summary, List<TimelineRow> timeline) {
    }

    /** One timeline line: its time, its offset from the incident's start, and the time to the next line. */
    @RegisterForReflection
    public record TimelineRow(String at, String iso, String offset, String gap, String event, String message) {
    }

    @RegisterForReflection
    public record Contract(String name, String figure, String objective, String verdict, String tone) {
    }

    /** A NATS mirror's lag: the RPO figure, fresh or stale (a lower bound then), and when it was measured. */
    @RegisterForReflection
    public record MirrorRow(String name, String lag, String freshness, String tone, String measured, String reason) {
    }

    @RegisterForReflection
    public record ClusterPanel(boolean configured, String status, String tone, String source, String note, List<CheckRow> checks) {
    }

    @RegisterForReflection
    public record CheckRow(String name, String kind, String object, String status, String tone, String age, String objective,
                           String reason) {
    }
}
