package io.saasagent.support;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * One HTTP call, classified for {@link Retrier}: a connection failure, a timeout, 429 or a 5xx is
 * {@link Retrier.Again} (with the server's Retry-After); any other answer is returned to the caller.
 * Reasons never carry the URL (a Slack webhook URL is itself a secret) and pass through the Redactor.
 */
public final class HttpCalls {
    private HttpCalls() {
    }

    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                // HTTP/1.1: no h2c upgrade dance on plain http (stubs, proxies); a few calls per incident need nothing more.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @param describe a short safe description of an error answer (status and the API's own error text)
     */
    public static HttpResponse<String> send(HttpClient client, HttpRequest request, Clock clock,
                                            Function<HttpResponse<String>, String> describe) throws Retrier.Again {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new Retrier.Again("timed out after " + request.timeout().map(Duration::toMillis).map(ms -> ms + " ms").orElse("the timeout"));
        } catch (IOException e) {
            throw new Retrier.Again(Redactor.redact("connection failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Retrier.Again("interrupted");
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new Retrier.Again(Redactor.redact(describe.apply(response)), retryAfter(response, clock).orElse(null));
        }
        return response;
    }

    /** Retry-After as delta-seconds or as an HTTP-date. */
    public static Optional<Duration> retryAfter(HttpResponse<?> response, Clock clock) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            try {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    /** The first characters of a body, on one line, redacted: enough to say what an unexpected answer was. */
    public static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return Redactor.redact(line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }
}
