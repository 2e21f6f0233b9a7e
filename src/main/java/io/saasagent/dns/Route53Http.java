package io.saasagent.dns;

import io.saasagent.support.Failures;
import io.saasagent.support.HttpCalls;
import io.saasagent.support.SigV4;
import io.saasagent.support.XmlText;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The four Route 53 calls the agent makes, as SigV4-signed REST requests over java.net.http (issue 17: instead of the
 * AWS SDK, its protocol layers, endpoint rules and java.xml). Route 53 is global: signed for us-east-1 (or the
 * configured region), service route53, at https://route53.amazonaws.com unless an endpoint is configured. No retry
 * here: {@link Route53Errors} sorts failures and the one retry policy of the callers decides.
 */
final class Route53Http {
    static final String VERSION = "/2013-04-01";

    /** Route 53 answered with an error status: its code (InvalidChangeBatch for that envelope) and message. */
    static final class ApiError extends Exception {
        final int status;
        final String code;
        final String detail;

        ApiError(int status, String code, String detail) {
            super("route53: " + code + " (HTTP " + status + ")");
            this.status = status;
            this.code = code;
            this.detail = detail;
        }
    }

    /** No answer (connection refused, timed out) or one that is not Route 53's XML. */
    static final class Unreachable extends Exception {
        Unreachable(String reason) {
            super(reason);
        }
    }

    private final HttpClient http;
    private final URI base;
    private final String region;
    private final Duration timeout;
    private final Supplier<SigV4.Credentials> credentials;
    private final Clock clock;

    Route53Http(URI endpoint, String region, Duration timeout, Supplier<SigV4.Credentials> credentials, Clock clock) {
        this.http = HttpCalls.client(timeout);
        this.base = endpoint != null ? endpoint : URI.create("https://route53.amazonaws.com");
        this.region = region;
        this.timeout = timeout;
        this.credentials = credentials;
        this.clock = clock;
    }

    List<Route53Xml.RecordSet> listRecordSets(String zone, String name, String type, String maxItems) throws ApiError, Unreachable {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("name", name);
        query.put("type", type);
        query.put("maxitems", maxItems);
        return Route53Xml.recordSets(call("GET", VERSION + "/hostedzone/" + SigV4.encode(zone) + "/rrset", query, null,
                "ListResourceRecordSetsResponse"));
    }

    Route53Xml.ChangeInfo changeRecordSets(String zone, String comment, List<Route53Xml.Change> changes) throws ApiError, Unreachable {
        return changeInfo(call("POST", VERSION + "/hostedzone/" + SigV4.encode(zone) + "/rrset/", Map.of(),
                Route53Xml.changeBatch(comment, changes), "ChangeResourceRecordSetsResponse"));
    }

    Route53Xml.ChangeInfo getChange(String id) throws ApiError, Unreachable {
        return changeInfo(call("GET", VERSION + "/change/" + SigV4.encode(id), Map.of(), null, "GetChangeResponse"));
    }

    /** GetHealthCheckStatus: each checker's StatusReport/Status. */
    List<String> healthCheckStatuses(String healthCheckId) throws ApiError, Unreachable {
        return Route53Xml.observationStatuses(call("GET", VERSION + "/healthcheck/" + SigV4.encode(healthCheckId) + "/status", Map.of(),
                null, "GetHealthCheckStatusResponse"));
    }

    private static Route53Xml.ChangeInfo changeInfo(String body) throws Unreachable {
        Route53Xml.ChangeInfo info = Route53Xml.changeInfo(body);
        if (info == null || info.id() == null) {
            throw new Unreachable("route53: an answer without ChangeInfo: " + HttpCalls.excerpt(body));
        }
        return info;
    }

    /** One signed request; the body of a 2xx answer that is the expected document, else {@link ApiError}/{@link Unreachable}. */
    private String call(String method, String path, Map<String, String> query, String body, String expected) throws ApiError, Unreachable {
        String host = base.getHost() + (defaultPort(base) ? "" : ":" + base.getPort());
        String fullPath = (base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "")) + path;
        String payload = body == null ? "" : body;
        Map<String, String> headers = SigV4.sign(method, host, fullPath, query, SigV4.sha256Hex(payload), region, "route53",
                credentials.get(), clock.instant());
        String q = SigV4.query(query);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.getScheme() + "://" + host + fullPath + (q.isEmpty() ? "" : "?" + q)))
                .timeout(timeout);
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofString(payload));
        } else {
            request.GET();
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new Unreachable("timed out after " + timeout.toMillis() + " ms (agent.failover.route53.timeout)");
        } catch (IOException e) {
            throw new Unreachable(Failures.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
        String answer = response.body() == null ? "" : response.body();
        int status = response.statusCode();
        if (status >= 300) {
            throw error(status, answer);
        }
        if (!answer.contains("<" + expected)) {
            throw new Unreachable("HTTP " + status + " without a " + expected + ": " + HttpCalls.excerpt(answer));
        }
        return answer;
    }

    /** The ErrorResponse envelope (Error/Code, Error/Message), or InvalidChangeBatch's own (Messages/Message, joined). */
    static ApiError error(int status, String body) {
        if (body.contains("<InvalidChangeBatch")) {
            List<String> messages = XmlText.elements(body, "Message").stream().map(XmlText::unescape).toList();
            return new ApiError(status, "InvalidChangeBatch", String.join("; ", messages));
        }
        String code = XmlText.text(body, "Code");
        return new ApiError(status, code == null ? "UnknownError" : code.strip(), XmlText.text(body, "Message"));
    }

    private static boolean defaultPort(URI uri) {
        return uri.getPort() == -1 || uri.getPort() == ("https".equals(uri.getScheme()) ? 443 : 80);
    }
}
