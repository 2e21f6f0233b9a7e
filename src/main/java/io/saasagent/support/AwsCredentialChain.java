package io.saasagent.support;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * AWS credentials without the SDK (issue 17, the binary's size), in the SDK's order: static keys from configuration;
 * the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN); web identity (EKS IRSA:
 * AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, STS AssumeRoleWithWebIdentity); container credentials (EKS Pod Identity,
 * ECS: AWS_CONTAINER_CREDENTIALS_FULL_URI or _RELATIVE_URI); instance metadata (IMDSv2) last, unless
 * AWS_EC2_METADATA_DISABLED=true. No profile files, no SSO, no credential_process.
 *
 * <p>Resolved at the first {@link #get}, never at start, and kept until five minutes before its Expiration. A source
 * that is configured (its variables set) and fails is the answer: the chain does not fall through to the node's
 * instance role behind a broken IRSA set-up. Failures are {@link Unavailable} with a safe message (no key, no token).
 */
public final class AwsCredentialChain implements Supplier<SigV4.Credentials> {
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    /** No credentials could be had; the message names the source and what to check, never a secret. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(Redactor.redact(message));
        }
    }

    /** Credentials and when they stop working (null: long-lived keys). */
    record Expiring(SigV4.Credentials credentials, Instant expiration) {
    }

    /** Where the sources call: the real AWS addresses, or test servers. */
    record Endpoints(URI sts, URI containerHost, URI imds, Duration timeout) {
        static final Endpoints AWS = new Endpoints(null, URI.create("http://169.254.170.2"), URI.create("http://169.254.169.254"),
                Duration.ofSeconds(5));
    }

    private final SigV4.Credentials fixed;
    private final Map<String, String> env;
    private final AwsCredentialSources sources;
    private final Clock clock;
    private Expiring cached;

    AwsCredentialChain(SigV4.Credentials fixed, Map<String, String> env, Endpoints endpoints, Clock clock) {
        this.fixed = fixed;
        this.env = env;
        this.sources = new AwsCredentialSources(env, endpoints, clock);
        this.clock = clock;
    }

    /** The chain of this process: static keys first when both are given, else the environment's sources. */
    public static AwsCredentialChain standard(Optional<String> accessKeyId, Optional<String> secretAccessKey) {
        SigV4.Credentials fixed = accessKeyId.isPresent() && secretAccessKey.isPresent()
                ? new SigV4.Credentials(accessKeyId.get().strip(), secretAccessKey.get(), null) : null;
        return new AwsCredentialChain(fixed, System.getenv(), Endpoints.AWS, Clock.systemUTC());
    }

    /** The environment's sources only (the object-store check without static keys). */
    public static AwsCredentialChain standard() {
        return standard(Optional.empty(), Optional.empty());
    }

    @Override
    public synchronized SigV4.Credentials get() {
        if (fixed != null) {
            return fixed;
        }
        Instant now = clock.instant();
        if (cached == null || (cached.expiration() != null && !now.isBefore(cached.expiration().minus(REFRESH_BEFORE)))) {
            cached = resolve();
        }
        return cached.credentials();
    }

    private Expiring resolve() {
        String key = value("AWS_ACCESS_KEY_ID");
        String secret = value("AWS_SECRET_ACCESS_KEY");
        if (key != null && secret != null) {
            return new Expiring(new SigV4.Credentials(key, secret, value("AWS_SESSION_TOKEN")), null);
        }
        if (value("AWS_WEB_IDENTITY_TOKEN_FILE") != null && value("AWS_ROLE_ARN") != null) {
            return sources.webIdentity();
        }
        if (value("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null || value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null) {
            return sources.container();
        }
        if (!"true".equalsIgnoreCase(value("AWS_EC2_METADATA_DISABLED"))) {
            Optional<Expiring> imds = sources.instanceMetadata();
            if (imds.isPresent()) {
                return imds.get();
            }
        }
        throw new Unavailable("no AWS credentials: no static keys, no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, no web identity "
                + "(AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), no container credentials and no instance metadata");
    }

    private String value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
