package io.saasagent.probe.redis;

import io.saasagent.probe.ConnectionProbe;
import io.saasagent.probe.FailureClass;
import io.saasagent.probe.Latency;
import io.saasagent.probe.MalformedReply;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.ProbeTarget;
import io.saasagent.probe.Verdict;

import io.saasagent.support.Failures;
import io.saasagent.support.TlsTrust;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PING, then INFO, on one long-lived connection of its own (AUTH first when credentials are set).
 * Degraded when used_memory nears maxmemory or connected_clients nears maxclients.
 *
 * <p>A minimal RESP client over a blocking socket rather than the Vert.x Redis client: that client
 * always goes through a connection pool, takes an ACL user only inside a connection string, and
 * keeps a timed-out command queued on its connection; the probe needs three commands with trivial
 * replies, and a socket gives it an exact timeout per command and a {@link #reset()} that unblocks
 * a hung read at once.
 */
public final class RedisProbe extends ConnectionProbe {
    private volatile RespConnection connection;

    public RedisProbe(ProbeTarget target) {
        super(target);
    }

    @Override
    protected ProbeResult attempt(long start) throws IOException {
        RespConnection c = connection();
        if (!"PONG".equals(c.text("PING"))) {
            throw new MalformedReply("PING answered something else than PONG");
        }
        Map<String, String> info = parseInfo(c.text("INFO"));
        return judge(info, Latency.since(start));
    }

    @Override
    protected String reason(Exception e, long start) {
        if (e instanceof RespConnection.ErrorReply error) {
            return error.authentication() ? Failures.authentication(error.getMessage()) : "redis error: " + error.getMessage();
        }
        return super.reason(e, start);
    }

    /** Credentials or ACL permissions refused; any other error reply (LOADING, MASTERDOWN...) is an outage. */
    @Override
    protected FailureClass classify(Exception e) {
        if (e instanceof RespConnection.ErrorReply error) {
            return error.authentication() || error.getMessage().startsWith("NOPERM") ? FailureClass.REJECTED : FailureClass.OUTAGE;
        }
        return super.classify(e);
    }

    private ProbeResult judge(Map<String, String> info, Duration latency) throws MalformedReply {
        long usedMemory = number(info, "used_memory", true);
        long maxMemory = number(info, "maxmemory", false);
        long clients = number(info, "connected_clients", true);
        long maxClients = number(info, "maxclients", false);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("role", info.getOrDefault("role", "unknown"));
        details.put("connected_clients", clients);
        details.put("maxclients", maxClients < 0 ? null : maxClients);
        details.put("used_memory", usedMemory);
        details.put("maxmemory", Math.max(maxMemory, 0));
        details.put("version", info.get("redis_version"));
        Verdict verdict = new Verdict();
        verdict.slow("latency", latency, target.latencyBudget());
        verdict.nearMax("used_memory", usedMemory, maxMemory, target.thresholds().memoryWarnRatio());
        verdict.nearMax("connected_clients", clients, maxClients, target.thresholds().clientsWarnRatio());
        return verdict.result(target, latency, details);
    }

    /** A numeric INFO field; a required one missing, or any not a number, is a malformed reply. Absent optional: -1. */
    private static long number(Map<String, String> info, String field, boolean required) throws MalformedReply {
        String value = info.get(field);
        if (value == null) {
            if (required) {
                throw new MalformedReply("INFO has no " + field);
            }
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new MalformedReply("INFO " + field + " is not a number");
        }
    }

    /** INFO is "# Section" headers and "field:value" lines. */
    public static Map<String, String> parseInfo(String info) {
        Map<String, String> fields = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    private RespConnection connection() throws IOException {
        RespConnection c = connection;
        if (c != null) {
            return c;
        }
        c = RespConnection.open(target.uri().getHost(), target.port(6379),
                "rediss".equals(target.uri().getScheme()) ? TlsTrust.context(target.tlsCaFile()) : null, target.timeout());
        try {
            if (target.password().isPresent()) {
                if (target.username().isPresent()) {
                    c.text("AUTH", target.username().get(), target.password().get());
                } else {
                    c.text("AUTH", target.password().get());
                }
            }
            String db = database();
            if (db != null) {
                c.text("SELECT", db);
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        connection = c;
        return c;
    }

    /** The database number of {@code redis://host/3}, or null for the default. */
    private String database() {
        String path = target.uri().getPath();
        return path == null || path.length() <= 1 ? null : path.substring(1);
    }

    @Override
    public void reset() {
        RespConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }
}
