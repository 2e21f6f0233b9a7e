package io.saasagent.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private {@code nats-server} with JetStream on a free loopback port, optionally with
 * user/password, optionally with a caller-owned store dir. Typical use:
 * <pre>{@code
 * try (PrivateNats nats = new PrivateNats().start()) {
 *     Connection c = Nats.connect(nats.url());
 * }
 * }</pre>
 *
 * <p>Why: JetStream probes and failover are tested against a server that can be killed, frozen and
 * restarted. JetStream data lives in the work dir by default, so it survives {@link #restart()} of
 * the same instance; {@link #withStoreDir(Path)} keeps it across instances (the caller deletes that
 * dir). Starts in well under a second.
 */
public final class PrivateNats extends PrivateServer<PrivateNats> {

    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private String user;
    private String password;
    private Path storeDir;
    private String config;

    /** A NATS server with JetStream and no authentication. */
    public PrivateNats() {
        super("nats");
    }

    /** Requires {@code user}/{@code password} from clients. Call before {@link #start()}. */
    public synchronized PrivateNats withCredentials(String user, String password) {
        requireNotStarted();
        this.user = user;
        this.password = password;
        return this;
    }

    /**
     * Uses {@code dir} as JetStream store ({@code -sd}) instead of one inside the work dir; it is not
     * deleted on {@link #close()}, so a later instance can recover the streams. Call before {@link #start()}.
     */
    public synchronized PrivateNats withStoreDir(Path dir) {
        requireNotStarted();
        this.storeDir = dir;
        return this;
    }

    /**
     * Extra server configuration (a nats-server config file's text: {@code server_name}, {@code cluster},
     * {@code gateway} blocks...), passed with {@code -c}; the command line's port, store and credentials
     * still apply. Call before {@link #start()}.
     */
    public synchronized PrivateNats withConfig(String text) {
        requireNotStarted();
        this.config = text;
        return this;
    }

    /** {@code nats://127.0.0.1:<port>} (credentials, if any, are not part of it). */
    public String url() {
        return "nats://" + hostPort();
    }

    /** The configured user, or null. */
    public String user() {
        return user;
    }

    /** The configured password, or null. */
    public String password() {
        return password;
    }

    /** The JetStream store dir ({@code -sd}); null before the first start unless set. */
    public synchronized Path storeDir() {
        return storeDir != null ? storeDir : workDir() == null ? null : workDir().resolve("store");
    }

    /** Reads INFO, sends CONNECT (with the credentials) and PING on a fresh raw connection; returns {@code PONG} or {@code -ERR ...}. */
    public String ping(Duration timeout) throws IOException {
        return RawProbes.natsPing(HOST, port(), user, password, timeout);
    }

    @Override
    protected List<String> command(int port, Path workDir) {
        List<String> cmd = new ArrayList<>(List.of(executable("/usr/sbin/nats-server", "/usr/bin/nats-server"),
                "-a", HOST, "-p", Integer.toString(port), "-js", "-sd", storeDir().toString()));
        if (user != null) {
            cmd.addAll(List.of("--user", user, "--pass", password));
        }
        if (config != null) {
            Path file = workDir.resolve("nats.conf");
            try {
                java.nio.file.Files.writeString(file, config);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            cmd.addAll(List.of("-c", file.toString()));
        }
        return cmd;
    }

    @Override
    protected boolean answers(int port) {
        try {
            return "PONG".equals(RawProbes.natsPing(HOST, port, user, password, PROBE_TIMEOUT));
        } catch (IOException e) {
            return false;
        }
    }

    private void requireNotStarted() {
        if (workDir() != null) {
            throw new IllegalStateException("configure PrivateNats before start()");
        }
    }
}
