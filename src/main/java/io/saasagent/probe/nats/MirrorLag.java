package io.saasagent.probe.nats;

import io.saasagent.probe.Thresholds;
import io.saasagent.probe.Verdict;

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
import java.util.List;
import java.util.Map;

/**
 * The NATS RPO contract for one origin/mirror pair: lag in messages (origin last_seq - mirror
 * last_seq: mirrors keep the origin's sequence numbers; the mirror's own "lag" field is not used
 * because nats-server 2.9 leaves it at 0 while a mirror is stuck), and lag in seconds.
 *
 * <p>Lag in seconds is exact where it can be: the age of the oldest message the mirror lacks. Only
 * when that message is gone (expired, purged) is it lag / the origin's publish rate, measured from
 * the origin's last_seq at each reading over the last {@link #RATE_WINDOW} (injected clock);
 * {@code lag_method} says which.
 */
public final class MirrorLag {
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    /** JetStream API error code: no message at that sequence (deleted or expired). */
    private static final int NO_MESSAGE_FOUND = 10037;

    private record Sample(Instant at, long lastSeq) {
    }

    /** Recent (time, last_seq) samples of each origin stream, oldest first. */
    private final Map<String, Deque<Sample>> samples = new HashMap<>();

    /** One fresh reading of a pair; {@code problems} gets what the mirror itself reports wrong. */
    synchronized MirrorLagReading measure(String originName, StreamInfo origin, StreamInfo mirror, JetStreamManagement jsm,
                                          Thresholds thresholds, Instant now, List<String> problems) throws IOException {
        String mirrorName = mirror.getConfiguration().getName();
        long originLast = origin.getStreamState().getLastSequence();
        long mirrorLast = mirror.getStreamState().getLastSequence();
        long lagMessages = Math.max(0, originLast - mirrorLast);
        double rate = rate(originName, now, originLast);
        Double lagSeconds = 0.0;
        String method = MirrorLagReading.BY_OLDEST_MESSAGE;
        if (lagMessages > 0) {
            long oldest = Math.max(mirrorLast + 1, origin.getStreamState().getFirstSequence());
            Instant published = publishedAt(jsm, originName, oldest);
            if (published != null) {
                lagSeconds = Math.max(0, Duration.between(published, now).toMillis() / 1000.0);
            } else if (rate > 0) {
                method = MirrorLagReading.BY_RATE;
                lagSeconds = lagMessages / rate;
            } else {
                method = null;
                lagSeconds = null;
                problems.add("mirror " + mirrorName + ": the oldest unreplicated message of " + originName
                        + " is gone and nothing was published lately, lag in seconds unknown");
            }
        }
        MirrorInfo info = mirror.getMirrorInfo();
        Double lastActive = info == null || info.getActive() == null || info.getActive().isNegative()
                ? null : info.getActive().toMillis() / 1000.0;
        if (info == null) {
            problems.add("stream " + mirrorName + " is not a mirror");
        } else if (info.getError() != null) {
            problems.add("mirror " + mirrorName + ": " + info.getError().getDescription());
        }
        boolean breach = lagSeconds != null && lagSeconds >= seconds(thresholds.rpoObjective());
        return new MirrorLagReading(mirrorName, originName, lagMessages, lagSeconds, method, rate, lastActive, breach, now, false, null);
    }

    /** Adds the lag's own degradation (over the warning level, past the RPO) to {@code verdict}. */
    static void judge(MirrorLagReading r, Thresholds thresholds, Verdict verdict) {
        if (r.lagSeconds() == null) {
            return;
        }
        String bound = r.stale() ? "at least " : "";
        if (r.lagSeconds() >= seconds(thresholds.rpoObjective())) {
            verdict.degraded(String.format("mirror %s lag %s%.0f s breaches the RPO of %d s", r.mirror(), bound, r.lagSeconds(),
                    thresholds.rpoObjective().toSeconds()));
        } else if (r.lagSeconds() > seconds(thresholds.mirrorLagWarn())) {
            verdict.degraded(String.format("mirror %s lag %s%.0f s over %d s", r.mirror(), bound, r.lagSeconds(),
                    thresholds.mirrorLagWarn().toSeconds()));
        }
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
