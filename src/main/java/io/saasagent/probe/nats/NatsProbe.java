package io.saasagent.probe.nats;

import io.saasagent.probe.ConnectionProbe;
import io.saasagent.probe.FailureClass;
import io.saasagent.probe.Latency;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.ProbeTarget;
import io.saasagent.probe.Verdict;

import io.saasagent.support.Failures;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ServerInfo;
import io.saasagent.support.Redactor;
import io.saasagent.support.TlsTrust;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One long-lived jnats connection of its own: status and RTT are its health; JetStream account info
 * and, for each configured origin/mirror pair, the mirror lag (the NATS RPO contract, see
 * {@link MirrorLag}) are read apart, by {@link JetStreamWatch}, and never fail the probe.
 * jnats's own reconnect is off: a connection that is not CONNECTED is dropped and the next check
 * connects afresh, bounded by the dependency's timeout like every request.
 */
public final class NatsProbe extends ConnectionProbe {
    /**
     * The probe reports every failure itself; jnats's default listener would log them again. An instance field,
     * not a static constant: jnats is initialized at run time in the native image (see application.properties),
     * and a static instance of its interface would put a run-time class into the image heap.
     */
    private final ErrorListener quiet = new ErrorListener() {
    };

    private final JetStreamWatch jetStream;
    private volatile Session session;

    private record Session(Connection connection, JetStreamManagement jsm) {
    }

    public NatsProbe(ProbeTarget target) {
        super(target);
        this.jetStream = new JetStreamWatch(target);
    }

    @Override
    protected ProbeResult attempt(long start) throws Exception {
        Session s = session();
        Duration rtt = s.connection().RTT();
        ServerInfo server = s.connection().getServerInfo();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", s.connection().getStatus().name().toLowerCase(Locale.ROOT));
        details.put("server_id", server.getServerId());
        details.put("server_name", server.getServerName());
        details.put("version", server.getVersion());
        details.put("rtt_ms", rtt.toNanos() / 1e6);
        Verdict verdict = new Verdict();
        verdict.slow("RTT", rtt, target.latencyBudget());
        jetStream(s.jsm(), details, verdict, start);
        return verdict.result(target, Latency.since(start), details);
    }

    @Override
    protected String reason(Exception e, long start) {
        if (e instanceof io.nats.client.AuthenticationException) {
            return Failures.authentication(e.getMessage());
        }
        // jnats words some timeouts as "Timeout or no response ...", and a connect that gave up after the timeout as "Unable to connect".
        boolean timedOut = (e.getMessage() != null && e.getMessage().startsWith("Timeout"))
                || Latency.since(start).compareTo(target.timeout()) >= 0;
        return timedOut ? Failures.timeout(target.timeout()) : super.reason(e, start);
    }

    @Override
    protected FailureClass classify(Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return e instanceof io.nats.client.AuthenticationException || m.contains("authorization violation")
                || m.contains("authentication") ? FailureClass.REJECTED : super.classify(e);
    }

    private void jetStream(JetStreamManagement jsm, Map<String, Object> details, Verdict verdict, long startNanos) {
        // Whatever the budget has left (a tenth kept for the answer): a slow JetStream leaves its last figures stale.
        Duration left = target.timeout().minus(target.timeout().dividedBy(10)).minus(Latency.since(startNanos));
        jetStream.read(jsm, left, details, verdict);
    }

    private Session session() throws IOException, InterruptedException {
        Session s = session;
        if (s != null && s.connection().getStatus() == Connection.Status.CONNECTED) {
            return s;
        }
        reset();
        Options.Builder options = new Options.Builder()
                .servers(serverUrls())
                .connectionName("saas-agent-probe-" + target.name())
                .connectionTimeout(target.timeout())
                .noReconnect()
                .errorListener(quiet);
        credentials(options);
        if (target.tlsCaFile().isPresent() || target.servers().stream().anyMatch(u -> "tls".equals(u.getScheme()))) {
            options.sslContext(TlsTrust.context(target.tlsCaFile()));
        }
        Connection connection = Nats.connect(options.build());
        s = new Session(connection, connection.jetStreamManagement(JetStreamOptions.builder().requestTimeout(target.timeout()).build()));
        session = s;
        return s;
    }

    /** user+password, or a token alone (the NATS URL form {@code nats://token@host}). */
    private void credentials(Options.Builder options) {
        if (target.username().isPresent() && target.password().isPresent()) {
            options.userInfo(target.username().get(), target.password().get());
        } else {
            target.password().or(target::username).ifPresent(token -> {
                Redactor.register(token); // a user name alone is a token here: a secret
                options.token(token.toCharArray());
            });
        }
    }

    /**
     * The server URLs without userinfo: credentials go through the options, never a URL jnats may echo.
     * The client tries each in turn, so the connection fails only when none of them answers.
     */
    private String[] serverUrls() throws IOException {
        String[] urls = new String[target.servers().size()];
        for (int i = 0; i < urls.length; i++) {
            URI uri = target.servers().get(i);
            try {
                urls[i] = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort() < 0 ? 4222 : uri.getPort(), null, null, null).toString();
            } catch (URISyntaxException e) {
                throw new IOException("bad URL: " + e.getReason());
            }
        }
        return urls;
    }

    @Override
    public void close() {
        reset();
        jetStream.close();
    }

    /** Drops the connection; jnats's close may wait on a hung socket, so it runs off the caller's thread. */
    @Override
    public void reset() {
        Session s = session;
        session = null;
        if (s != null) {
            Thread closer = new Thread(() -> {
                try {
                    s.connection().close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "nats-probe-close-" + target.name());
            closer.setDaemon(true);
            closer.start();
        }
    }
}
