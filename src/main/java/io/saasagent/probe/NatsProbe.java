package io.saasagent.probe;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AccountStatistics;
import io.nats.client.api.ServerInfo;
import io.nats.client.api.StreamInfo;
import io.saasagent.support.Redactor;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One long-lived jnats connection of its own: status, RTT, JetStream account info, and for each
 * configured origin/mirror pair the mirror lag (the NATS RPO contract, see {@link MirrorLag}).
 * jnats's own reconnect is off: a connection that is not CONNECTED is dropped and the next check
 * connects afresh, bounded by the dependency's timeout like every request.
 */
final class NatsProbe extends ConnectionProbe {
    /** JetStream API error code: stream not found. */
    private static final int STREAM_NOT_FOUND = 10059;
    /**
     * The probe reports every failure itself; jnats's default listener would log them again. An instance field,
     * not a static constant: jnats is initialized at run time in the native image (see application.properties),
     * and a static instance of its interface would put a run-time class into the image heap.
     */
    private final ErrorListener quiet = new ErrorListener() {
    };

    private final MirrorLag mirrorLag = new MirrorLag();
    private volatile Session session;

    private record Session(Connection connection, JetStreamManagement jsm) {
    }

    NatsProbe(ProbeTarget target) {
        super(target);
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
        jetStream(s.jsm(), details, verdict);
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

    private void jetStream(JetStreamManagement jsm, Map<String, Object> details, Verdict verdict) throws IOException {
        AccountStatistics account;
        long asked = System.nanoTime();
        try {
            account = jsm.getAccountStatistics();
        } catch (JetStreamApiException e) {
            // The server answers but JetStream does not: the streams (and the RPO) are not served.
            verdict.degraded("jetstream unavailable: " + e.getErrorDescription());
            return;
        } catch (IOException e) {
            if (Latency.since(asked).compareTo(target.timeout()) >= 0) {
                throw e; // a real timeout: the server does not answer
            }
            // jnats words "no responders" (JetStream not enabled) like a timeout, but it comes at once.
            verdict.degraded("jetstream unavailable: nothing answers the JetStream API");
            return;
        }
        Map<String, Object> js = new LinkedHashMap<>();
        js.put("streams", account.getStreams());
        js.put("consumers", account.getConsumers());
        js.put("memory_bytes", account.getMemory());
        js.put("storage_bytes", account.getStorage());
        details.put("jetstream", js);
        if (target.mirrors().isEmpty()) {
            return;
        }
        Map<String, Object> mirrors = new TreeMap<>();
        for (Map.Entry<String, String> pair : new TreeMap<>(target.mirrors()).entrySet()) {
            StreamInfo origin = streamInfo(jsm, pair.getKey());
            StreamInfo mirror = streamInfo(jsm, pair.getValue());
            if (origin == null || mirror == null) {
                verdict.degraded("stream " + (origin == null ? pair.getKey() : pair.getValue()) + " not found: the lag of mirror "
                        + pair.getValue() + " cannot be measured");
                continue;
            }
            mirrors.put(pair.getValue(), mirrorLag.measure(pair.getKey(), origin, mirror, jsm, target.thresholds(),
                    target.clock().instant(), verdict));
        }
        details.put("mirrors", mirrors);
    }

    private static StreamInfo streamInfo(JetStreamManagement jsm, String stream) throws IOException {
        try {
            return jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw new IOException("stream " + stream + ": " + e.getErrorDescription(), e);
        }
    }

    private Session session() throws IOException, InterruptedException {
        Session s = session;
        if (s != null && s.connection().getStatus() == Connection.Status.CONNECTED) {
            return s;
        }
        reset();
        Options.Builder options = new Options.Builder()
                .server(serverUrl())
                .connectionName("saas-agent-probe-" + target.name())
                .connectionTimeout(target.timeout())
                .noReconnect()
                .errorListener(quiet);
        credentials(options);
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

    /** The server URL without userinfo: credentials go through the options, never a URL jnats may echo. */
    private String serverUrl() throws IOException {
        URI uri = target.uri();
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), target.port(4222), null, null, null).toString();
        } catch (URISyntaxException e) {
            throw new IOException("bad URL: " + e.getReason());
        }
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
