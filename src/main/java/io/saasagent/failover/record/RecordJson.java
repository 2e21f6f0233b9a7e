package io.saasagent.failover.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saasagent.cluster.ClusterReportJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet's record as JSON, written and read field by field with Jackson's tree model (no bound
 * classes: nothing to register for the native image). Unknown fields are ignored, missing ones default,
 * so agents of the next version and this one read each other's records.
 */
public final class RecordJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordJson() {
    }

    static String write(FailoverRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("state", r.state.id());
        n.put("incidents", r.incidents);
        n.put("last_failover", iso(r.lastFailoverAt));
        n.put("disarmed_by", r.disarmedBy);
        n.put("disarmed_at", iso(r.disarmedAt));
        n.put("disarmed_from", r.disarmedFrom == null ? null : r.disarmedFrom.id());
        n.put("write_back_pending", r.writeBackPending);
        if (r.takenFrom != null) {
            n.put("region_taken_from", r.takenFrom);
        }
        if (r.failback != null) {
            ObjectNode f = n.putObject("failback");
            f.put("weighted", r.failback.weighted);
            f.set("steps", JSON.valueToTree(r.failback.stepList()));
            f.put("index", r.failback.index());
            f.put("written_at", iso(r.failback.writtenAt()));
            f.put("any_written", r.failback.anyWritten());
        }
        ArrayNode requests = n.putArray("requests");
        r.requests.forEach(q -> requests.add(JSON.valueToTree(q.view())));
        if (r.incident != null) {
            n.set("incident", incident(r.incident));
        }
        if (r.cluster != null) {
            n.set("cluster", ClusterReportJson.write(r.cluster));
        }
        if (r.publicIncident != null) {
            ObjectNode p = n.putObject("public_incident");
            p.put("incident", r.publicIncident.incident());
            p.put("id", r.publicIncident.id());
            p.put("status", r.publicIncident.status());
        }
        r.pages.forEach(n.putArray("pages")::add);
        r.alerts.forEach(n.putArray("fleet_alerts")::add);
        n.put("writer", r.writer);
        n.put("written_at", iso(r.writtenAt));
        return n.toString();
    }

    /** The record as JSON without its writer stamp: what the holder compares before it writes again. */
    static String unstamped(FailoverRecord record) {
        String by = record.writer;
        Instant at = record.writtenAt;
        record.writer = null;
        record.writtenAt = null;
        try {
            return write(record);
        } finally {
            record.writer = by;
            record.writtenAt = at;
        }
    }

    /**
     * The record, or IllegalArgumentException saying why it cannot be one: not JSON, not an object, no
     * state this version knows (a newer version's), a field of the wrong shape. Never a default in its place.
     */
    public static FailoverRecord read(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the failover record is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("the failover record is not a JSON object");
        }
        try {
            return record(n);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the failover record does not read: " + e.getMessage());
        }
    }

    private static FailoverRecord record(JsonNode n) {
        FailoverRecord r = new FailoverRecord();
        r.state = state(n.path("state").asText(""));
        if (r.state == null) {
            throw new IllegalArgumentException("state '" + n.path("state").asText("") + "' is not one this version knows");
        }
        r.incidents = n.path("incidents").asInt();
        r.lastFailoverAt = instant(n.path("last_failover"));
        r.disarmedBy = text(n.path("disarmed_by"));
        r.disarmedAt = instant(n.path("disarmed_at"));
        r.disarmedFrom = state(text(n.path("disarmed_from")));
        r.writeBackPending = n.path("write_back_pending").asBoolean();
        r.takenFrom = text(n.path("region_taken_from"));
        JsonNode f = n.path("failback");
        if (f.isObject()) {
            List<Integer> steps = new ArrayList<>();
            f.path("steps").forEach(s -> steps.add(s.asInt()));
            r.failback = new FailbackPlan(f.path("weighted").asBoolean(), steps, f.path("index").asInt(),
                    instant(f.path("written_at")), f.path("any_written").asBoolean());
        }
        for (JsonNode q : n.path("requests")) {
            r.requests.add(new OperatorRequest(q.path("id").asText(), q.path("action").asText(), q.path("actor").asText(),
                    q.path("via").asText(), instant(q.path("at")), instant(q.path("expires"))));
        }
        if (n.path("incident").isObject()) {
            r.incident = incident(n.path("incident"));
        }
        r.cluster = ClusterReportJson.read(n.path("cluster"));
        JsonNode p = n.path("public_incident");
        if (p.isObject()) {
            r.publicIncident = new PublicIncident(text(p.path("incident")), text(p.path("id")), text(p.path("status")));
        }
        n.path("pages").forEach(k -> r.pages.add(k.asText()));
        n.path("fleet_alerts").forEach(k -> r.alerts.add(k.asText()));
        r.writer = text(n.path("writer"));
        r.writtenAt = instant(n.path("written_at"));
        return r;
    }

    private static ObjectNode incident(Incident i) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", i.id);
        n.put("rule", i.rule);
        n.put("manual", i.manual);
        n.put("triggered_at", iso(i.triggeredAt));
        n.put("reason", i.reason);
        n.put("fired_at", iso(i.firedAt));
        n.put("first_failed_probe", iso(i.firstFailedProbe));
        n.set("dependencies", JSON.valueToTree(i.dependencies));
        n.set("mirror_lags", JSON.valueToTree(i.mirrorLags));
        n.put("dns_submitted", iso(i.dnsSubmitted));
        n.put("dns_verified", iso(i.dnsVerified));
        n.put("dr_healthy", iso(i.drHealthy));
        n.put("closed_at", iso(i.closedAt));
        n.put("closed_because", i.closedBecause);
        ArrayNode timeline = n.putArray("timeline");
        for (TimelineEntry e : i.entries()) {
            ObjectNode t = timeline.addObject();
            t.put("at", iso(e.at()));
            t.put("event", e.event());
            t.put("message", e.message());
            t.set("evidence", JSON.valueToTree(e.evidence()));
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Incident incident(JsonNode n) {
        List<String> deps = new ArrayList<>();
        n.path("dependencies").forEach(d -> deps.add(d.asText()));
        Map<String, Double> lags = new LinkedHashMap<>();
        n.path("mirror_lags").fields().forEachRemaining(e -> lags.put(e.getKey(), e.getValue().asDouble()));
        Incident i = new Incident(n.path("id").asText(), n.path("rule").asText(), n.path("manual").asBoolean(),
                n.path("reason").asText(), instant(n.path("fired_at")), instant(n.path("first_failed_probe")), deps, lags);
        i.triggeredAt = instant(n.path("triggered_at"));
        i.dnsSubmitted = instant(n.path("dns_submitted"));
        i.dnsVerified = instant(n.path("dns_verified"));
        i.drHealthy = instant(n.path("dr_healthy"));
        i.closedAt = instant(n.path("closed_at"));
        i.closedBecause = text(n.path("closed_because"));
        for (JsonNode t : n.path("timeline")) {
            Map<String, Object> evidence = t.path("evidence").isObject() ? JSON.convertValue(t.path("evidence"), Map.class) : Map.of();
            i.add(new TimelineEntry(instant(t.path("at")), t.path("event").asText(), t.path("message").asText(), evidence));
        }
        return i;
    }

    private static FailoverState state(String id) {
        return java.util.Arrays.stream(FailoverState.values()).filter(st -> st.id().equals(id)).findFirst().orElse(null);
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(JsonNode n) {
        return n.isTextual() ? Instant.parse(n.asText()) : null;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
