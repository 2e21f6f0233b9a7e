package io.saasagent.probe.http;

import io.saasagent.probe.MalformedReply;
import io.saasagent.probe.ProbeFailures;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.ProbeTarget;

import io.saasagent.support.Failures;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The HTTP plumbing the HTTP-based probes share: one long-lived {@link HttpClient} per probe (it
 * keeps connections alive and opens a new one after a failure by itself), connect and request
 * timeouts both equal to the dependency's timeout, no redirects followed (a 3xx is the answer the
 * probe judges), and short stable failure reasons.
 *
 * <p>HTTP/1.1 only: a health probe makes one small request per interval, and on plain http the
 * client would otherwise try an h2c upgrade on every new connection.
 *
 * <p>No {@link Probe#reset()}: the request timeout equals the loop's hard timeout, and on a timeout
 * the JDK client aborts the exchange and closes that connection itself, so a hung connection is
 * never reused. (Java 17's client has no close(); its threads end once the probe is dropped.)
 */
public final class HttpGetter {
    /** Response bodies are read up to 1 MiB; more is a malformed reply. */
    static final int MAX_BODY = 1024 * 1024;

    private final ProbeTarget target;
    private final HttpClient client;
    private final HttpRequest.Builder request;
    private final java.util.function.Supplier<Optional<String>> authorization;

    /**
     * @param path          appended to the target URL's path ("" for the URL itself)
     * @param authorization the Authorization header to send, if any; asked at every request, so a rotated secret is sent
     */
    public HttpGetter(ProbeTarget target, String path, java.util.function.Supplier<Optional<String>> authorization) {
        this.target = target;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(target.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(withoutUserInfo(target.uri(), path)).GET()
                .timeout(target.timeout()).header("User-Agent", "saas-health-agent");
        this.request = builder;
        this.authorization = authorization;
    }

    /**
     * Sends the GET and lets {@code judge} turn the answer (and its latency) into a result; a failed
     * exchange is a DOWN result with a short reason. Never throws.
     */
    ProbeResult check(BiFunction<HttpResponse<String>, Duration, ProbeResult> judge) {
        long start = System.nanoTime();
        try {
            HttpRequest.Builder builder = request.copy();
            authorization.get().ifPresent(value -> builder.header("Authorization", value));
            HttpResponse<java.io.InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            String body = bounded(response.body());
            HttpResponse<String> answered = new Answered(response, body);
            return judge.apply(answered, Duration.ofNanos(System.nanoTime() - start));
        } catch (MalformedReply e) {
            return down(start, e.getMessage());
        } catch (IOException e) {
            return ProbeResult.failed(ProbeFailures.classify(e), Duration.ofNanos(System.nanoTime() - start), describe(e), Map.of(),
                    target.clock().instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(start, "interrupted");
        }
    }

    /** The body, read up to {@link #MAX_BODY}: a health answer is small, and a dependency may answer anything. */
    private static String bounded(java.io.InputStream in) throws IOException {
        try (in) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new MalformedReply("body over " + MAX_BODY / (1024 * 1024) + " MiB");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The answer with its (bounded) body read. */
    private record Answered(HttpResponse<java.io.InputStream> response, String body) implements HttpResponse<String> {
        public int statusCode() {
            return response.statusCode();
        }

        public HttpRequest request() {
            return response.request();
        }

        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            return response.headers();
        }

        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return response.sslSession();
        }

        public URI uri() {
            return response.uri();
        }

        public HttpClient.Version version() {
            return response.version();
        }
    }

    private ProbeResult down(long startNanos, String reason) {
        return ProbeResult.down(Duration.ofNanos(System.nanoTime() - startNanos), reason, Map.of(), target.clock().instant());
    }

    /** A reason for a failed exchange: timeouts named with their budget, the rest by {@link Failures}. */
    private String describe(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timeout after " + target.timeout().toMillis() + " ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "timeout after " + target.timeout().toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            // The JDK client wraps the refusal around a bare ClosedChannelException: name the top one.
            return "connection refused";
        }
        return Failures.describe(e);
    }

    /** The target's URL without userinfo and fragment, with {@code path} appended to its own path. */
    private static URI withoutUserInfo(URI uri, String path) {
        String base = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.isEmpty() && base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String full = base + path;
        try {
            return new URI(uri.getScheme() + "://" + hostPort(uri) + (full.isEmpty() ? "/" : full)
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        } catch (URISyntaxException e) {
            // The validator checked the URL at start; quote the reason, never the URL (it may hold a password).
            throw new IllegalArgumentException("malformed URL (" + e.getReason() + ")");
        }
    }

    /** Basic credentials from the username/password (configured, or else the URL's userinfo), if any. */
    static Optional<String> basicAuthorization(ProbeTarget target) {
        return target.username().map(user -> "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + target.password().orElse("")).getBytes(StandardCharsets.UTF_8)));
    }

    private static String hostPort(URI uri) {
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }
}
