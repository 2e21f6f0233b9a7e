package io.saasagent.cluster.check;

import io.saasagent.config.ConfigError;
import io.saasagent.config.Secret;
import io.saasagent.config.Secrets;
import io.saasagent.state.DependencyStatus;
import io.saasagent.support.AwsCredentialChain;
import io.saasagent.support.Lazy;
import io.saasagent.support.Redactor;
import io.saasagent.support.SigV4;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code object-store}: the off-site copy. The newest object's LastModified under {@code prefix} of
 * {@code bucket} (S3 or an S3-compatible server), against the runbook's SLI "off-site replication lag < 48 h"
 * (warning 48 h, critical 72 h); nothing under the prefix is unhealthy (backups kept locally only). A 403 (or
 * any other 4xx) is unhealthy with {@code failure_class} rejected: the agent's credentials or the bucket
 * policy, not the copy; an endpoint that does not answer, or answers 5xx, is unknown. The listing is bounded
 * ({@link BucketListing}). It needs {@code s3:ListBucket} on the prefix and nothing else.
 *
 * <p>The listing is {@link S3Listing}'s signed GET and, without static keys, the credentials are
 * support.AwsCredentialChain's (no AWS SDK: issue 17, the binary's size). Both are built at the first run,
 * never at start: no credentials chain or instance metadata is asked while the agent starts. Explicit region, no
 * retry (the next run is the retry), every call bounded by what is left of {@code list-timeout}.
 */
final class ObjectStoreCheck extends ClusterCheck {
    static final String KIND = "object-store";
    static final Set<String> KEY_ORDERS = Set.of("any", "time");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+(-\\d+)?");

    private final String bucket;
    private final String prefix;
    private final Optional<URI> endpoint;
    private final String region;
    private final boolean pathStyle;
    private final String accessKeyId;
    private final Secret secretAccessKey;
    private final Objectives.Limits age;
    private final String keyOrder;
    private final int maxPages;
    private final Duration listTimeout;
    private final BucketListing listing;
    private final Lazy<S3Listing> client = Lazy.of(this::newClient);

    ObjectStoreCheck(CheckSpec spec, List<ConfigError> errors) {
        super(spec);
        Objectives o = new Objectives(spec, errors);
        bucket = o.text("bucket", null);
        if (bucket == null) {
            o.error("bucket", "is required: the bucket holding the off-site copies");
        } else if (!BUCKET.matcher(bucket).matches()) {
            o.error("bucket", "'" + bucket + "' is not a bucket name (lower-case letters, digits, '.' and '-', 3 to 63)");
        }
        prefix = o.text("prefix", "");
        endpoint = Optional.ofNullable(o.text("endpoint", null)).map(e -> endpoint(o, e));
        region = o.text("region", "us-east-1");
        if (!AWS_REGION.matcher(region).matches()) {
            o.error("region", "'" + region + "' is not a region (like us-west-2)");
        }
        pathStyle = o.bool("path-style", false);
        accessKeyId = o.text("access-key-id", null);
        Optional<String> secret = Optional.ofNullable(o.text("secret-access-key", null));
        Optional<String> secretFile = Optional.ofNullable(o.text("secret-access-key-file", null));
        secret.ifPresent(Redactor::register);
        secretFile.map(Secrets::problemWithFile).ifPresent(p -> o.error("secret-access-key-file", p));
        if (secret.isPresent() && secretFile.isPresent()) {
            o.error("secret-access-key", "give secret-access-key or secret-access-key-file, not both");
        }
        boolean hasSecret = secret.isPresent() || secretFile.isPresent();
        if ((accessKeyId != null) != hasSecret) {
            o.error(accessKeyId != null ? "secret-access-key" : "access-key-id", "is required with " + (accessKeyId != null
                    ? "access-key-id" : "secret-access-key") + " (or set neither to use the default credentials chain)");
        }
        secretAccessKey = hasSecret && errors.stream().noneMatch(e -> e.key().startsWith(spec.key() + "secret-access-key"))
                ? Secret.of(secret, secretFile) : Secret.NONE;
        age = o.limits("warn-age", Duration.ofHours(48), "critical-age", Duration.ofHours(72), true);
        keyOrder = o.oneOf("key-order", "any", KEY_ORDERS);
        maxPages = o.integer("max-pages", 20, 1, 1000);
        listTimeout = o.duration("list-timeout", Duration.ofSeconds(10));
        o.rejectUnknown();
        listing = new BucketListing(maxPages, listTimeout, "time".equals(keyOrder));
    }

    private static URI endpoint(Objectives o, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getUserInfo() == null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        o.error("endpoint", "must be an http(s)://host[:port] URL without credentials");
        return null;
    }

    @Override
    public String objective() {
        return "newest object under s3://" + bucket + "/" + prefix + " within " + age.words();
    }

    @Override
    public String object(String defaultNamespace) {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public int requests() {
        return 0; // no Kubernetes API request
    }

    @Override
    public synchronized CheckResult run(ClusterObjects api, Instant now) {
        Assessment a = new Assessment(objective()).detail("bucket", bucket).detail("prefix", prefix)
                .detail("endpoint", endpoint.map(URI::toString).orElse("AWS S3 (" + region + ")")).detail("key_order", keyOrder);
        BucketListing.Outcome out;
        try {
            out = listing.list(client.get(), bucket, prefix);
        } catch (S3Listing.Refused e) {
            return refused(a, e, now);
        } catch (S3Listing.Failed e) {
            return unknown(a, e.timedOut ? "S3 endpoint did not answer within " + Durations.words(listTimeout) : e.getMessage(), now);
        }
        a.detail("objects_listed", out.objects()).detail("pages", out.pages()).detail("complete", out.complete())
                .detail("listing_ms", out.millis()).detail("started_after", out.startedAfter());
        BucketListing.Newest newest = out.newest();
        String bound = "the listing stopped at its bound (" + maxPages + " pages of " + BucketListing.PAGE + " / "
                + Durations.words(listTimeout) + ") with more to list";
        if (newest == null) {
            return out.complete() ? a.unhealthy("nothing under s3://" + bucket + "/" + prefix + ": no off-site copy").result(now)
                    : unknown(a, "no object among the " + out.objects() + " listed; " + bound, now);
        }
        a.detail("newest_key", newest.key()).detail("newest_size_bytes", newest.size())
                .detail("newest_last_modified", newest.lastModified().toString());
        Duration newestAge = since(newest.lastModified(), now);
        if (!out.complete() && newestAge.compareTo(age.warn()) > 0) {
            // An old newest-so-far proves nothing: a newer object may lie beyond the bound. A fresh one proves freshness.
            a.detail("newest_listed_age_seconds", newestAge.toMillis() / 1000.0);
            return unknown(a, "the newest of the " + out.objects() + " objects listed is " + Durations.words(newestAge) + " old, but "
                    + bound + ": a newer one may lie beyond (key-order=time if the keys sort by time, more max-pages, or a narrower prefix)", now);
        }
        return a.age("newest object " + newest.key(), newestAge, age).result(now);
    }

    /** S3 answered with an error: 4xx is the agent refused (credentials, policy, no such bucket), 5xx is S3 unwell. */
    private CheckResult refused(Assessment a, S3Listing.Refused e, Instant now) {
        String what = e.getMessage() + " listing s3://" + bucket + "/" + prefix;
        if (e.status >= 400 && e.status < 500) {
            String hint = e.status == 403 ? ": the agent's credentials or the bucket policy refuse it (it needs s3:ListBucket on the prefix)"
                    : e.status == 404 ? ": no such bucket" : "";
            return a.detail("failure_class", "rejected").unhealthy(what + hint).result(now);
        }
        return unknown(a, what, now);
    }

    private CheckResult unknown(Assessment a, String reason, Instant now) {
        CheckResult r = a.result(now);
        return new CheckResult(DependencyStatus.UNKNOWN, null, r.objective(), reason, null, null, r.details(), now);
    }

    private S3Listing newClient() {
        return new S3Listing(endpoint.orElse(null), region, pathStyle, listTimeout, credentials());
    }

    /** Static keys (the secret file read again when it changes, as Kubernetes rotates it), else support.AwsCredentialChain (env, web identity, container, instance metadata). */
    private Supplier<SigV4.Credentials> credentials() {
        if (accessKeyId != null && secretAccessKey.present()) {
            return () -> new SigV4.Credentials(accessKeyId, secretAccessKey.value().orElse(""), null);
        }
        return AwsCredentialChain.standard();
    }
}
