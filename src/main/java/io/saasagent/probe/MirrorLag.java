package io.saasagent.probe;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MirrorInfo;
import io.nats.client.api.StreamInfo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The NATS RPO contract for one origin/mirror pair: lag in messages (origin last_seq - mirror
 * last_seq: mirrors keep the origin's sequence numbers; the mirror's own "lag" field is not used
 * because nats-server 2.9 leaves it at 0 while a mirror is stuck), and lag in seconds of publishing.
 *
 * <p>Lag in seconds is lag / the origin's publish rate, measured from the origin's last_seq at each
 * probe over the last {@link #RATE_WINDOW} (with the injected clock). When no rate is known (first
 * probe, or nothing published in the window) but the mirror is behind, it is the age of the oldest
 * message the mirror lacks instead, and {@code lag_method} says which.
 */
final class MirrorLag {
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    static final String BY_RATE = "rate";
    static final String BY_OLDEST_MESSAGE = "oldest_message";
    /** JetStream API error code: no message at that sequence (deleted or expired). */
    private static final int NO_MESSAGE_FOUND = 10037;

    private record Sample(Instant at, long lastSeq) {
    }

    /** Recent (time, last_seq) samples of each origin stream, oldest first. */
    private final Map<String, Deque<Sample>> samples = new HashMap<>();

    /** The details entry of one pair (the contract of the "mirrors" details key); adds any degradation to {@code verdict}. */
    synchronized Map<String, Object> measure(String originName, StreamInfo origin, StreamInfo mirror, JetStreamManagement jsm,
                                             Thresholds thresholds, Instant now, Verdict verdict) throws IOException {
        String mirrorName = mirror.getConfiguration().getName();
        long originLast = origin.getStreamState().getLastSequence();
        long mirrorLast = mirror.getStreamState().getLastSequence();
        long lagMessages = Math.max(0, originLast - mirrorLast);
        double rate = rate(originName, now, originLast);
        double lagSeconds = 0;
        String method = BY_RATE;
        if (lagMessages > 0 && rate > 0) {
            lagSeconds = lagMessages / rate;
        } else if (lagMessages > 0) {
            method = BY_OLDEST_MESSAGE;
            long oldest = Math.max(mirrorLast + 1, origin.getStreamState().getFirstSequence());
            Instant published = publishedAt(jsm, originName, oldest);
            if (published == null) {
                verdict.degraded("mirror " + mirrorName + ": the oldest unreplicated message of " + originName + " is gone, lag in seconds unknown");
            } else {
                lagSeconds = Math.max(0, Duration.between(published, now).toMillis() / 1000.0);
            }
        }
        MirrorInfo info = mirror.getMirrorInfo();
        Double lastActive = info == null || info.getActive() == null || info.getActive().isNegative()
                ? null : info.getActive().toMillis() / 1000.0;
        boolean breach = lagSeconds >= seconds(thresholds.rpoObjective());
        if (info == null) {
            verdict.degraded("stream " + mirrorName + " is not a mirror");
        } else if (info.getError() != null) {
            verdict.degraded("mirror " + mirrorName + ": " + info.getError().getDescription());
        }
        if (breach) {
            verdict.degraded(String.format("mirror %s lag %.0f s breaches the RPO of %d s", mirrorName, lagSeconds, thresholds.rpoObjective().toSeconds()));
        } else if (lagSeconds > seconds(thresholds.mirrorLagWarn())) {
            verdict.degraded(String.format("mirror %s lag %.0f s over %d s", mirrorName, lagSeconds, thresholds.mirrorLagWarn().toSeconds()));
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("origin", originName);
        entry.put("lag_messages", lagMessages);
        entry.put("lag_seconds", lagSeconds);
        entry.put("rate_per_second", rate);
        entry.put("last_active_seconds", lastActive);
        entry.put("rpo_breach", breach);
        entry.put("lag_method", method);
        return entry;
    }

    /** Messages per second published to the origin over the rate window; 0 when unknown. */
    private double rate(String origin, Instant now, long lastSeq) {
        Deque<Sample> history = samples.computeIfAbsent(origin, k -> new ArrayDeque<>());
        if (!history.isEmpty() && (lastSeq < history.peekLast().lastSeq() || now.isBefore(history.peekLast().at()))) {
            history.clear(); // the origin was recreated (or the clock went back): start measuring afresh
        }
        history.addLast(new Sample(now, lastSeq));
        // Keep the newest sample at or beyond the window's start, so the rate spans the whole window.
        Instant windowStart = now.minus(RATE_WINDOW);
        while (history.size() > 2 && !secondOldest(history).at().isAfter(windowStart)) {
            history.removeFirst();
        }
        Sample oldest = history.peekFirst();
        double elapsed = Duration.between(oldest.at(), now).toNanos() / 1e9;
        return elapsed <= 0 ? 0 : (lastSeq - oldest.lastSeq()) / elapsed;
    }

    private static Sample secondOldest(Deque<Sample> history) {
        var it = history.iterator();
        it.next();
        return it.next();
    }

    /** When message {@code seq} of {@code stream} was published, or null when it no longer exists. */
    private static Instant publishedAt(JetStreamManagement jsm, String stream, long seq) throws IOException {
        try {
            return jsm.getMessage(stream, seq).getTime().toInstant();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                return null;
            }
            throw new IOException("message " + seq + " of " + stream + ": " + e.getErrorDescription(), e);
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
