package io.saasagent.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Atlassian Statuspage's v1 incidents API on WireMock, with its real shapes: {@code POST
 * /v1/pages/{page_id}/incidents} answers 201 and the incident (id, status, shortlink, incident_updates,
 * components...), {@code PATCH /v1/pages/{page_id}/incidents/{incident_id}} answers 200 and the incident.
 */
public final class StatuspageApi {
    public static final String PAGE = "kctbh9vrtdwd";
    public static final String COMPONENT = "8kbf7d35c070";
    public static final String INCIDENT = "p31zjtct2jer";
    public static final String INCIDENTS = "/v1/pages/" + PAGE + "/incidents";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    public StatuspageApi(WireMockServer server) {
        this.server = server;
    }

    /** The api-url to configure: {@code http://127.0.0.1:<port>/v1}. */
    public String apiUrl() {
        return server.baseUrl() + "/v1";
    }

    /** Creating answers 201 with incident {@link #INCIDENT}; updating it answers 200. */
    public StatuspageApi accepting() {
        server.stubFor(post(urlPathEqualTo(INCIDENTS)).willReturn(incident(201, "identified")));
        server.stubFor(patch(urlPathEqualTo(INCIDENTS + "/" + INCIDENT)).willReturn(incident(200, "monitoring")));
        return this;
    }

    /** Statuspage's answer: the incident object (trimmed of nothing the client reads, and of little it does not). */
    public static ResponseDefinitionBuilder incident(int status, String incidentStatus) {
        String body = """
                {"id":"%s","components":[{"id":"%s","page_id":"%s","group_id":null,"created_at":"2026-03-01T03:00:05.123Z",\
                "updated_at":"2026-03-01T03:00:05.123Z","group":false,"name":"API","description":null,"position":1,\
                "status":"major_outage","showcase":true,"only_show_if_degraded":false,"automation_email":"component+x@notifications.statuspage.io",\
                "start_date":"2026-01-01"}],"created_at":"2026-03-01T03:00:05.123Z","impact":"critical","impact_override":null,\
                "incident_updates":[{"id":"0hskf6flwyvp","incident_id":"%s","affected_components":[{"code":"%s","name":"API",\
                "old_status":"operational","new_status":"major_outage"}],"body":"We are experiencing issues with our primary region",\
                "created_at":"2026-03-01T03:00:05.123Z","custom_tweet":null,"deliver_notifications":true,\
                "display_at":"2026-03-01T03:00:05.123Z","status":"%s","tweet_id":null,"twitter_updated_at":null,\
                "updated_at":"2026-03-01T03:00:05.123Z","wants_twitter_update":false}],"metadata":{},\
                "monitoring_at":null,"name":"Service Degradation - Failover in Progress","page_id":"%s","postmortem_body":null,\
                "postmortem_body_last_updated_at":null,"postmortem_ignored":false,"postmortem_notified_subscribers":false,\
                "postmortem_notified_twitter":false,"postmortem_published_at":null,"resolved_at":null,"scheduled_auto_completed":false,\
                "scheduled_auto_in_progress":false,"scheduled_for":null,"auto_transition_deliver_notifications_at_end":null,\
                "auto_transition_deliver_notifications_at_start":null,"auto_transition_to_maintenance_state":null,\
                "auto_transition_to_operational_state":null,"scheduled_remind_prior":false,"scheduled_reminded_at":null,\
                "scheduled_until":null,"shortlink":"http://stspg.io/p31zjtct2jer","status":"%s","updated_at":"2026-03-01T03:00:05.123Z",\
                "reminder_intervals":null}""".formatted(INCIDENT, COMPONENT, PAGE, INCIDENT, COMPONENT, incidentStatus, PAGE, incidentStatus);
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    /** Statuspage's error shape. */
    public static ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"error\":\"" + message + "\"}");
    }

    public List<LoggedRequest> creates() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(INCIDENTS)));
    }

    /** Every PATCH to any incident. */
    public List<LoggedRequest> updates() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(urlPathMatching(INCIDENTS + "/.+")));
    }

    public static JsonNode incidentOf(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString()).path("incident");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
