package io.saasagent.failover.control;

import io.saasagent.config.AgentConfig;
import io.saasagent.config.Secrets;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bearer token of the control endpoints ({@code agent.admin.token} or {@code agent.admin.token-file}).
 * Compared in constant time: both sides are hashed first, so neither the content nor the length of
 * the configured token leaks through timing; then {@link MessageDigest#isEqual}.
 */
@ApplicationScoped
public class AdminToken {

    public enum Check {
        /** The right token. */
        OK(200),
        /** No token configured: the control endpoints are disabled. */
        DISABLED(403),
        /** No bearer token in the request. */
        MISSING(401),
        WRONG(401);

        public final int status;

        Check(int status) {
            this.status = status;
        }
    }

    private static final String BEARER = "bearer ";

    @Inject
    AgentConfig config;

    private byte[] expected;

    @PostConstruct
    void load() {
        expected = Secrets.resolve(config.admin().token(), config.admin().tokenFile())
                .filter(t -> !t.isBlank()).map(AdminToken::digest).orElse(null);
    }

    /** Checks an {@code Authorization} header value (null when absent). */
    public Check check(String authorization) {
        if (expected == null) {
            return Check.DISABLED;
        }
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Check.MISSING;
        }
        byte[] presented = digest(authorization.substring(BEARER.length()).strip());
        return MessageDigest.isEqual(expected, presented) ? Check.OK : Check.WRONG;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
