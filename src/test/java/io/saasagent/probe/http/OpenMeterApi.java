package io.saasagent.probe.http;

import com.github.tomakehurst.wiremock.WireMockServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock stubs of OpenMeter's list-meters call with its real shapes (OpenAPI {@code listMeters}:
 * 200 is a JSON array of Meter objects; errors are {@code application/problem+json}).
 */
public final class OpenMeterApi {
    public static final String METERS = "/api/v1/meters";

    /** Two meters as OpenMeter Cloud returns them. */
    public static final String TWO_METERS = """
            [
              {"id": "01G65Z755AFWAKHE12NY0CQ9FH", "slug": "tokens_total", "name": "Tokens Total",
               "description": "AI Token Usage", "aggregation": "SUM", "eventType": "prompt",
               "valueProperty": "$.tokens", "groupBy": {"model": "$.model", "type": "$.type"},
               "createdAt": "2024-01-01T01:01:01.001Z", "updatedAt": "2024-01-01T01:01:01.001Z"},
              {"id": "01HN9WZ1J9Q0C4P2RZ2F5B7X3M", "slug": "api_requests_total", "name": "API Requests",
               "description": "API Requests", "aggregation": "COUNT", "eventType": "request",
               "groupBy": {"method": "$.method", "route": "$.route"},
               "createdAt": "2024-01-01T01:01:01.001Z", "updatedAt": "2024-01-01T01:01:01.001Z"}
            ]""";

    private OpenMeterApi() {
    }

    /** A started WireMock server on a dynamic loopback port. */
    public static WireMockServer server() {
        return started(new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").jettyStopTimeout(500L)));
    }

    /** A started WireMock server on {@code port} (to restart it on the same port). */
    public static WireMockServer server(int port) {
        return started(new WireMockServer(options().port(port).bindAddress("127.0.0.1").jettyStopTimeout(500L)));
    }

    /**
     * Starts the server and sends it one throwaway request: its first request in a fresh JVM loads
     * most of Jetty and WireMock (well over a second on a busy machine), which a probe with a short
     * timeout would otherwise measure.
     */
    public static WireMockServer started(WireMockServer server) {
        server.start();
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/__warm-up")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        server.resetRequests();
        return server;
    }

    /** Answers the meters list with {@code response} for a request bearing {@code apiKey}. */
    public static void meters(WireMockServer server, String apiKey, ResponseDefinitionBuilder response) {
        server.stubFor(get(urlPathEqualTo(METERS)).withHeader("Authorization", equalTo("Bearer " + apiKey)).willReturn(response));
    }

    public static ResponseDefinitionBuilder ok() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(TWO_METERS);
    }

    /** OpenMeter's problem reply for 401 and 403. */
    public static ResponseDefinitionBuilder problem(int status, String title) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\": \"about:blank\", \"title\": \"" + title + "\", \"status\": " + status
                        + ", \"detail\": \"" + title.toLowerCase() + "\"}");
    }
}
