package io.saasagent.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saasagent.support.HttpCalls;
import io.saasagent.support.Retrier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;

/**
 * Atlassian Statuspage's v1 incidents API: {@code POST /pages/{page_id}/incidents} opens one and answers
 * its id, {@code PATCH /pages/{page_id}/incidents/{incident_id}} posts an update (status, body, component
 * status), both with {@code Authorization: OAuth <key>}. 429, 5xx and connection errors are retried by the
 * notifiers' {@link Retrier} until the deadline; any other refusal is final. Never names the key.
 */
final class StatuspageClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one call posts: {@code name} null keeps the incident's name, {@code componentStatus} null leaves the component. */
    record Post(String name, String status, String body, String componentStatus) {
    }

    /** A call that did not land: retries spent, past its deadline, or refused (a 4xx). */
    static final class NotPosted extends Exception {
        NotPosted(String reason) {
            super(reason, null, false, false);
        }
    }

    private final StatuspageSettings settings;
    private final HttpClient http;
    private final Retrier retrier;
    private final Clock clock;

    StatuspageClient(StatuspageSettings settings, HttpClient http, Retrier retrier, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.retrier = retrier;
        this.clock = clock;
    }

    /** Opens an incident; returns Statuspage's id of it. */
    String create(Post post, Instant deadline) throws NotPosted {
        HttpResponse<String> response = send("POST", incidents(""), post, deadline);
        JsonNode id;
        try {
            id = JSON.readTree(response.body()).path("id");
        } catch (IOException e) {
            throw new NotPosted("created, but the answer is not JSON: " + HttpCalls.excerpt(response.body()));
        }
        if (!id.isTextual() || id.asText().isBlank()) {
            throw new NotPosted("created, but the answer has no incident id: " + HttpCalls.excerpt(response.body()));
        }
        return id.asText();
    }

    void update(String incidentId, Post post, Instant deadline) throws NotPosted {
        send("PATCH", incidents("/" + incidentId), post, deadline);
    }

    private URI incidents(String suffix) {
        return settings.apiUrl().resolve("pages/" + settings.pageId() + "/incidents" + suffix);
    }

    private HttpResponse<String> send(String method, URI uri, Post post, Instant deadline) throws NotPosted {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Authorization", "OAuth " + settings.apiKey())
                .header("Content-Type", "application/json")
                .header("User-Agent", "saas-health-agent")
                .method(method, HttpRequest.BodyPublishers.ofString(body(post)))
                .build();
        return retrier.call(() -> {
            HttpResponse<String> response = HttpCalls.send(http, request, clock, StatuspageClient::describe);
            if (response.statusCode() / 100 != 2) {
                throw new NotPosted("refused: " + describe(response));
            }
            return response;
        }, NotPosted::new, deadline, clock);
    }

    /** {@code {"incident": {...}}} as the v1 API takes it, with the component's status when one is configured. */
    String body(Post post) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode incident = root.putObject("incident");
        if (post.name() != null) {
            incident.put("name", post.name());
        }
        incident.put("status", post.status());
        incident.put("body", post.body());
        incident.put("deliver_notifications", true);
        String component = settings.componentId();
        if (component != null && post.componentStatus() != null) {
            incident.putObject("components").put(component, post.componentStatus());
            incident.putArray("component_ids").add(component);
        }
        return root.toString();
    }

    private static String describe(HttpResponse<String> response) {
        return "HTTP " + response.statusCode() + ": " + HttpCalls.excerpt(response.body());
    }
}
