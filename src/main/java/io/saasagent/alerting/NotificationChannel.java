package io.saasagent.alerting;

import io.saasagent.support.HttpCalls;
import io.saasagent.support.Redactor;
import io.saasagent.support.Retrier;
import org.jboss.logging.Logger;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers to one notifier on its own thread, in order, so a hung Slack never delays PagerDuty and
 * never the probe that fired the alert. Deduplicated: an alert with the dedup key and firing state
 * last queued is dropped until the state changes (a failed delivery forgets it, so the next one tries
 * again). Retried on 429, 5xx and connection errors with backoff until the alert is {@code max-age} old;
 * the queue is bounded and what it drops is counted. Every failure is logged redacted.
 */
public final class NotificationChannel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NotificationChannel.class);
    /** Alerts waiting beyond this are dropped (and logged): memory stays bounded if a notifier hangs for long. */
    static final int QUEUE_CAPACITY = 256;

    private final Notifier notifier;
    private final HttpClient http;
    private final Retrier retrier;
    private final Clock clock;
    private final Duration timeout;
    private final Duration maxAge;
    private final ThreadPoolExecutor executor;
    private final Map<String, Boolean> lastQueued = new ConcurrentHashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** @param maxAge a delivery is retried (with the retrier's backoff) until the alert is this old */
    public NotificationChannel(Notifier notifier, HttpClient http, Retrier retrier, Clock clock, Duration timeout, Duration maxAge) {
        this.notifier = notifier;
        this.http = http;
        this.retrier = retrier;
        this.clock = clock;
        this.timeout = timeout;
        this.maxAge = maxAge;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY), task -> {
            Thread t = new Thread(task, "notify-" + notifier.id());
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues the alert unless it repeats the last state of its dedup key; never blocks. */
    public boolean offer(Alert alert) {
        Boolean previous = lastQueued.put(alert.dedupKey(), alert.firing());
        if (previous != null && previous == alert.firing()) {
            suppressed.incrementAndGet();
            return false;
        }
        try {
            executor.execute(() -> deliver(alert));
            return true;
        } catch (RejectedExecutionException e) {
            forget(alert);
            dropped.incrementAndGet();
            LOG.warnf("notification %s for %s dropped: %d alerts already waiting for it", notifier.id(), alert.dedupKey(), QUEUE_CAPACITY);
            return false;
        }
    }

    private void deliver(Alert alert) {
        try {
            retrier.call(() -> {
                HttpResponse<String> response = HttpCalls.send(http, notifier.request(alert, timeout), clock, NotificationChannel::describe);
                if (!notifier.accepted(response)) {
                    throw new NotDelivered("refused: " + describe(response));
                }
                return response;
            }, NotDelivered::new, alert.at().plus(maxAge), clock);
            delivered.incrementAndGet();
        } catch (NotDelivered | RuntimeException e) {
            forget(alert);
            failed.incrementAndGet();
            LOG.warnf("notification %s %s for %s not delivered: %s", notifier.id(), alert.firing() ? "trigger" : "resolve",
                    alert.dedupKey(), Redactor.redact(e.getMessage()));
        }
    }

    /** After a failure the same alert may be sent again. */
    private void forget(Alert alert) {
        lastQueued.remove(alert.dedupKey(), alert.firing());
    }

    private static String describe(HttpResponse<String> response) {
        return "HTTP " + response.statusCode() + ": " + HttpCalls.excerpt(response.body());
    }

    private static final class NotDelivered extends Exception {
        NotDelivered(String reason) {
            super(reason, null, false, false);
        }
    }

    public String id() {
        return notifier.id();
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Alerts dropped as repeats of the last state of their dedup key. */
    public long suppressed() {
        return suppressed.get();
    }

    /** Alerts dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    public long retries() {
        return retrier.retries();
    }

    /** Lets queued deliveries finish for a moment, then stops the thread. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
