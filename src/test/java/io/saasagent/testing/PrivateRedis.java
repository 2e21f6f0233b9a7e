package io.saasagent.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private {@code redis-server} on a free loopback port, without persistence, optionally with
 * {@code requirepass}. Typical use:
 * <pre>{@code
 * try (PrivateRedis redis = new PrivateRedis().start()) {
 *     probe(redis.url());
 *     redis.pause();   // connects succeed, PING never answers
 * }
 * }</pre>
 *
 * <p>Why: probes and failover are tested against a Redis that can be killed, frozen and restarted,
 * which the shared one on 6379 must never be. Starts in well under a second.
 */
public final class PrivateRedis extends PrivateServer<PrivateRedis> {

    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final String password;
    private List<String> tls = List.of();

    /** A Redis without authentication. */
    public PrivateRedis() {
        this(null);
    }

    /** A Redis requiring {@code password} ({@code requirepass}); null for none. */
    public PrivateRedis(String password) {
        super("redis");
        this.password = password;
    }

    /**
     * Also listens for TLS on {@code tlsPort} with this certificate and key (clients need no
     * certificate); the plain port stays, for the harness's readiness check. Call before {@link #start()}.
     */
    public synchronized PrivateRedis withTls(int tlsPort, Path cert, Path key, Path ca) {
        tls = List.of("--tls-port", Integer.toString(tlsPort), "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no");
        return this;
    }

    /** The {@code requirepass} password, or null. */
    public String password() {
        return password;
    }

    /** {@code redis://127.0.0.1:<port>} (the password, if any, is not part of it: see {@link #password()}). */
    public String url() {
        return "redis://" + hostPort();
    }

    /** Sends PING over a fresh raw connection (authenticating if needed) and returns the reply line, e.g. {@code +PONG}. */
    public String ping(Duration timeout) throws IOException {
        return RawProbes.redisPing(HOST, port(), password, timeout);
    }

    @Override
    protected List<String> command(int port, Path workDir) {
        List<String> cmd = new ArrayList<>(List.of(executable("/usr/bin/redis-server"),
                "--port", Integer.toString(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                "--dir", workDir.toString(), "--daemonize", "no", "--logfile", ""));
        if (password != null) {
            cmd.add("--requirepass");
            cmd.add(password);
        }
        cmd.addAll(tls);
        return cmd;
    }

    @Override
    protected boolean answers(int port) {
        try {
            return "+PONG".equals(RawProbes.redisPing(HOST, port, password, PROBE_TIMEOUT));
        } catch (IOException e) {
            return false;
        }
    }
}
