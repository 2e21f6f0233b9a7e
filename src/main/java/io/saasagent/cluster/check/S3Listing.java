package io.saasagent.cluster.check;

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
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One ListObjectsV2 page: a SigV4-signed GET over java.net.http and the answer's few fields read from its XML
 * by support.XmlText's small scanner. It replaces the AWS SDK's S3 client (its model, endpoint rules and protocol
 * layers: issue 17, the binary's size) for the one call the object-store check makes. Addressing as the SDK's:
 * virtual-hosted ({@code bucket.s3.<region>.amazonaws.com}, or {@code bucket.<endpoint host>}) unless
 * path-style is asked or the bucket name has a dot (a TLS certificate does not cover it); no redirect followed
 * (a 301 for the wrong region is an answer, as it was). Each call is bounded as a whole, body included.
 */
final class S3Listing {
    /** S3 answered with an error status: its status and S3's error code (null if the body had none). */
    static final class Refused extends Exception {
        final int status;
        final String code;

        Refused(int status, String code) {
            super("S3 answered " + status + (code == null ? "" : " " + code));
            this.status = status;
            this.code = code;
        }
    }

    /** No usable answer; {@code timedOut} when the call's bound ran out, {@code answered} when S3 answered something unreadable. */
    static final class Failed extends Exception {
        final boolean timedOut;
        final boolean answered;

        Failed(String reason, boolean timedOut, boolean answered) {
            super(reason);
            this.timedOut = timedOut;
            this.answered = answered;
        }
    }

    record Item(String key, Instant lastModified, long size) {
    }

    record Page(List<Item> contents, boolean truncated, String nextToken) {
    }

    private final HttpClient http;
    private final URI base;
    private final boolean pathStyle;
    private final String region;
    private final Supplier<SigV4.Credentials> credentials;

    /**
     * @param endpoint null for AWS S3 in {@code region}
     */
    S3Listing(URI endpoint, String region, boolean pathStyle, Duration connectTimeout, Supplier<SigV4.Credentials> credentials) {
        this.http = HttpCalls.client(connectTimeout);
        this.base = endpoint != null ? endpoint : URI.create("https://s3." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : ""));
        this.pathStyle = pathStyle;
        this.region = region;
        this.credentials = credentials;
    }

    Page list(String bucket, String prefix, String startAfter, String token, Duration timeout) throws Refused, Failed {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("list-type", "2");
        query.put("max-keys", String.valueOf(BucketListing.PAGE));
        query.put("prefix", prefix);
        if (token != null) {
            query.put("continuation-token", token);
        } else if (startAfter != null) {
            query.put("start-after", startAfter);
        }
        boolean virtual = !pathStyle && !bucket.contains(".");
        String host = (virtual ? bucket + "." : "") + base.getHost() + (defaultPort(base) ? "" : ":" + base.getPort());
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        String path = basePath + "/" + (virtual ? "" : SigV4.encode(bucket));
        SigV4.Credentials signer;
        try {
            signer = credentials.get();
        } catch (RuntimeException e) { // the default chain found nothing (or its source failed)
            throw new Failed("S3 listing failed before any answer: " + Failures.describe(e), false, false);
        }
        Map<String, String> headers = SigV4.sign("GET", host, path, query, region, "s3", signer, Instant.now());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.getScheme() + "://" + host + path + "?" + SigV4.query(query)))
                .timeout(timeout).GET();
        headers.forEach(request::header);
        HttpResponse<String> response = send(request.build(), timeout);
        int status = response.statusCode();
        String body = response.body();
        if (status >= 300) {
            throw new Refused(status, XmlText.text(body, "Code"));
        }
        if (!body.contains("<ListBucketResult")) {
            throw new Failed("S3 answered " + status + " without a ListBucketResult: " + HttpCalls.excerpt(body), false, true);
        }
        List<Item> items = new ArrayList<>();
        for (String c : XmlText.elements(body, "Contents")) {
            String modified = XmlText.text(c, "LastModified");
            String size = XmlText.text(c, "Size");
            try {
                items.add(new Item(XmlText.text(c, "Key"), modified == null ? null : Instant.parse(modified), size == null ? 0 : Long.parseLong(size)));
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new Failed("S3 answered an object listing it could not read: " + e.getMessage(), false, true);
            }
        }
        return new Page(items, "true".equals(XmlText.text(body, "IsTruncated")), XmlText.text(body, "NextContinuationToken"));
    }

    /** The whole exchange within {@code timeout} (java.net.http's own timeout stops at the headers). */
    private HttpResponse<String> send(HttpRequest request, Duration timeout) throws Failed {
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new Failed("timed out", true, false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new Failed("timed out", true, false);
            }
            if (cause instanceof IOException) {
                throw new Failed("S3 endpoint did not answer: " + Failures.describe(cause), false, false);
            }
            throw new Failed("S3 listing failed before any answer: " + Failures.describe(cause), false, false);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failed("interrupted", true, false);
        }
    }

    private static boolean defaultPort(URI uri) {
        return uri.getPort() == -1 || uri.getPort() == ("https".equals(uri.getScheme()) ? 443 : 80);
    }
}
