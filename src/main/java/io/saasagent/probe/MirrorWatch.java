package io.saasagent.probe;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
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
 * Reads the configured mirrors' lag apart from the connection's health check: on a thread of its
 * own, waited for only as long as the probe's budget has left. A read that fails or is still going
 * never fails the probe; the last measured lag stays, stale, as a growing lower bound (see
 * {@link MirrorLagReading}). The origin is often in the other region: its outage is exactly when the
 * RPO matters, and exactly when the local connection must still read healthy.
 */
final class MirrorWatch implements AutoCloseable {
    /** JetStream API error code: stream not found. */
    private static final int STREAM_NOT_FOUND = 10059;

    private final ProbeTarget target;
    private final MirrorLag lag = new MirrorLag();
    private final ExecutorService reader;
    /** The last successful reading of each mirror, and the reason its last read failed (absent when it did not). */
    private final Map<String, MirrorLagReading> measured = new ConcurrentHashMap<>();
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    /** What the mirrors themselves report wrong (not a mirror, mirror error), from the last read. */
    private final Map<String, List<String>> problems = new ConcurrentHashMap<>();
    private Future<?> inFlight;

    MirrorWatch(ProbeTarget target) {
        this.target = target;
        this.reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nats-mirrors-" + target.name());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a read unless one is still going, waits for it at most {@code budget}, and returns every
     * mirror's reading as of now; adds lag and mirror problems (never read failures) to {@code verdict}.
     */
    synchronized MirrorReadings read(JetStreamManagement jsm, Duration budget, Verdict verdict) {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = reader.submit(() -> readAll(jsm));
        }
        boolean done = await(budget);
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

    /** For tests and the details: the mirrors whose last read failed, with why. */
    Map<String, String> failures() {
        return new LinkedHashMap<>(failed);
    }
}
