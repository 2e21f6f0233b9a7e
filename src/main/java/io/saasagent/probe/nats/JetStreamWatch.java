package io.saasagent.probe.nats;

import io.saasagent.probe.Latency;
import io.saasagent.probe.ProbeTarget;
import io.saasagent.probe.Verdict;

import io.saasagent.support.Failures;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AccountStatistics;
import io.nats.client.api.StreamInfo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads JetStream (account statistics, then the configured mirrors' lag) apart from the connection's
 * health check: on a thread of its own, waited for only as long as the probe's budget has left. A
 * read that fails or is still going never fails the probe; the last figures stay, stale, and a
 * mirror's lag becomes a growing lower bound (see {@link MirrorLagReading}). The origin, and in a
 * supercluster JetStream's meta leader, are often in the other region: their outage is exactly when
 * the RPO matters, and exactly when the local connection must still read healthy. Only a definite
 * answer that JetStream is unavailable (an API error, or "no responders" at once) degrades.
 */
public final class JetStreamWatch implements AutoCloseable {
    /** JetStream API error code: stream not found. */
    private static final int STREAM_NOT_FOUND = 10059;
    /** JetStream API error codes: JetStream not enabled (on the server, for the account): a definite answer. */
    private static final int NOT_ENABLED = 10076;
    private static final int NOT_ENABLED_FOR_ACCOUNT = 10039;

    private final ProbeTarget target;
    private final MirrorLag lag = new MirrorLag();
    private final ExecutorService reader;
    /** The last successful reading of each mirror, and the reason its last read failed (absent when it did not). */
    private final Map<String, MirrorLagReading> measured = new ConcurrentHashMap<>();
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    /** What the mirrors themselves report wrong (not a mirror, mirror error), from the last read. */
    private final Map<String, List<String>> problems = new ConcurrentHashMap<>();
    /** The last account statistics read, the reason the last read failed, and a definite "unavailable". */
    private volatile Map<String, Object> account;
    private volatile String accountFailed;
    private volatile String unavailable;
    private Future<?> inFlight;

    public JetStreamWatch(ProbeTarget target) {
        this.target = target;
        this.reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nats-mirrors-" + target.name());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a read unless one is still going, waits for it at most {@code budget}, and puts what is
     * known now into {@code details} ({@code jetstream}, {@code mirrors}); adds JetStream's definite
     * unavailability, lag and mirror problems (never read failures) to {@code verdict}.
     */
    synchronized void read(JetStreamManagement jsm, Duration budget, Map<String, Object> details, Verdict verdict) {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = reader.submit(() -> readAll(jsm));
        }
        boolean done = await(budget);
        if (unavailable != null) {
            verdict.degraded(unavailable); // the server answered: JetStream (and so the RPO) is not served
            return;
        }
        String stillReading = done ? null : "still reading after " + Math.max(0, budget.toMillis()) + " ms";
        if (account != null) {
            Map<String, Object> js = new LinkedHashMap<>(account);
            String why = accountFailed != null ? accountFailed : stillReading;
            js.put("stale", why != null);
            js.put("reason", why);
            details.put("jetstream", js);
        }
        if (!target.mirrors().isEmpty()) {
            details.put(MirrorReadings.KEY, mirrors(done, budget, verdict));
        }
    }

    private MirrorReadings mirrors(boolean done, Duration budget, Verdict verdict) {
        Instant now = target.clock().instant();
        Map<String, MirrorLagReading> readings = new TreeMap<>();
        for (Map.Entry<String, String> pair : new TreeMap<>(target.mirrors()).entrySet()) {
            String mirror = pair.getValue();
            MirrorLagReading last = measured.get(mirror);
            String why = failed.get(mirror);
            if (why == null && !done) {
                why = "still reading after " + Math.max(0, budget.toMillis()) + " ms";
            }
            MirrorLagReading reading = why == null && last != null ? last
                    : last == null ? MirrorLagReading.unknown(mirror, pair.getKey(), why == null ? "not read yet" : why)
                    : last.staleAt(now, why, target.thresholds().rpoObjective());
            readings.put(mirror, reading);
            MirrorLag.judge(reading, target.thresholds(), verdict);
            problems.getOrDefault(mirror, List.of()).forEach(verdict::degraded);
        }
        return new MirrorReadings(readings);
    }

    private boolean await(Duration budget) {
        try {
            inFlight.get(Math.max(0, budget.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // readAll records its own failures; nothing else is thrown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void readAll(JetStreamManagement jsm) {
        if (readAccount(jsm)) {
            readMirrors(jsm);
        }
    }

    /** False when JetStream is definitely unavailable (nothing more to read). */
    private boolean readAccount(JetStreamManagement jsm) {
        long asked = System.nanoTime();
        try {
            AccountStatistics stats = jsm.getAccountStatistics();
            Map<String, Object> js = new LinkedHashMap<>();
            js.put("streams", stats.getStreams());
            js.put("consumers", stats.getConsumers());
            js.put("memory_bytes", stats.getMemory());
            js.put("storage_bytes", stats.getStorage());
            account = js;
            accountFailed = null;
            unavailable = null;
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NOT_ENABLED || e.getApiErrorCode() == NOT_ENABLED_FOR_ACCOUNT) {
                unavailable = "jetstream unavailable: " + e.getErrorDescription();
                return false;
            }
            // "temporarily unavailable" (no meta leader: its quorum may be in the other region): keep the last figures.
            unavailable = null;
            accountFailed = "jetstream: " + e.getErrorDescription();
            return true;
        } catch (IOException e) {
            if (Latency.since(asked).compareTo(target.timeout()) < 0) {
                // jnats words "no responders" (JetStream not enabled) like a timeout, but it comes at once.
                unavailable = "jetstream unavailable: nothing answers the JetStream API";
                return false;
            }
            unavailable = null;
            accountFailed = Failures.timeout(target.timeout()) + " reading the JetStream account";
            return true; // a slow meta leader (maybe in the other region): the mirrors may still be readable
        }
    }

    private void readMirrors(JetStreamManagement jsm) {
        for (Map.Entry<String, String> pair : target.mirrors().entrySet()) {
            String origin = pair.getKey();
            String mirror = pair.getValue();
            List<String> found = new ArrayList<>();
            try {
                StreamInfo originInfo = streamInfo(jsm, origin);
                StreamInfo mirrorInfo = streamInfo(jsm, mirror);
                if (originInfo == null || mirrorInfo == null) {
                    String missing = originInfo == null ? origin : mirror;
                    found.add("stream " + missing + " not found: the lag of mirror " + mirror + " cannot be measured");
                    failed.put(mirror, "stream " + missing + " not found");
                } else {
                    measured.put(mirror, lag.measure(origin, originInfo, mirrorInfo, jsm, target.thresholds(),
                            target.clock().instant(), found));
                    failed.remove(mirror);
                }
            } catch (IOException | RuntimeException e) {
                failed.put(mirror, io.saasagent.support.Redactor.redact(Failures.describe(e)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.put(mirror, "interrupted");
                return;
            }
            problems.put(mirror, found);
        }
    }

    private static StreamInfo streamInfo(JetStreamManagement jsm, String stream) throws IOException, InterruptedException {
        try {
            return jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw new IOException("stream " + stream + ": " + e.getErrorDescription(), e);
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }

}
