package io.saasagent.alerting;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.saasagent.config.AgentConfig;
import io.saasagent.config.NotifyConfig;
import io.saasagent.metrics.MetricNames;
import io.saasagent.support.HttpCalls;
import io.saasagent.support.Retrier;
import io.saasagent.support.RetryPolicy;
import io.saasagent.support.Sleeper;
import io.saasagent.support.StartupPriorities;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Receives every {@link Alert} the failover policy fires and hands it to each configured notifier's
 * channel. Returns at once: delivery happens on the channels' own threads, never the probe's.
 */
@ApplicationScoped
public class NotificationDispatcher {
    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final List<NotificationChannel> channels;
    private final Clock clock;

    @Inject
    public NotificationDispatcher(AgentConfig config, Clock clock, MeterRegistry meters) {
        this(channels(config, clock, Sleeper.REAL), clock);
        String total = MetricNames.name(config.metrics().prefix(), "notifications");
        for (NotificationChannel c : channels) {
            // Micrometer's Prometheus naming appends _total to a counter.
            counter(meters, total, c, "delivered", NotificationChannel::delivered);
            counter(meters, total, c, "failed", NotificationChannel::failed);
            counter(meters, total, c, "suppressed", NotificationChannel::suppressed);
            FunctionCounter.builder(MetricNames.name(config.metrics().prefix(), "notifications_dropped"), c, NotificationChannel::dropped)
                    .description("Notifications dropped because the channel's queue was full").tags("channel", c.id()).register(meters);
        }
    }

    private static void counter(MeterRegistry meters, String name, NotificationChannel c, String result,
                                java.util.function.ToLongFunction<NotificationChannel> count) {
        FunctionCounter.builder(name, c, ch -> count.applyAsLong(ch)).description("Notifications by channel and result")
                .tags("channel", c.id(), "result", result).register(meters);
    }

    public NotificationDispatcher(List<NotificationChannel> channels, Clock clock) {
        this.channels = List.copyOf(channels);
        this.clock = clock;
    }

    /** One channel per configured notifier, with agent.notify.* timeout and retries. */
    public static List<NotificationChannel> channels(AgentConfig config, Clock clock, Sleeper sleeper) {
        NotifyConfig n = config.notifications();
        List<Notifier> notifiers = Notifiers.configured(n, source(config));
        if (notifiers.isEmpty()) {
            return List.of(); // no HTTP client (and no TLS set-up, no selector thread) for nobody to call
        }
        HttpClient http = HttpCalls.client(n.timeout());
        return notifiers.stream()
                .map(notifier -> new NotificationChannel(notifier, http,
                        new Retrier(new RetryPolicy(n.maxAttempts(), n.retryBackoff(), MAX_BACKOFF), sleeper), clock, n.timeout(), n.maxAge()))
                .toList();
    }

    /** Who is speaking: agent.notify.source, else the pod, else the host. */
    static String source(AgentConfig config) {
        return config.notifications().source()
                .or(() -> config.coordination().podName())
                .or(() -> java.util.Optional.ofNullable(System.getenv("HOSTNAME")))
                .orElse("saas-health-agent");
    }

    /** Built at start-up, after validation, so the first alert finds its channels ready. */
    void start(@Observes @Priority(StartupPriorities.VALIDATE + 1) StartupEvent event) {
        LOG.infof("notifications: %s", channels.isEmpty() ? "none configured"
                : String.join(", ", channels.stream().map(NotificationChannel::id).toList()));
    }

    /** Called on the thread that fired the alert: only queues. */
    public void onAlert(@Observes Alert alert) {
        Alert complete = new Alert(Objects.requireNonNullElse(alert.dedupKey(), alert.rule()), alert.rule(),
                Objects.requireNonNullElse(alert.severity(), "warning"), alert.firing(), alert.summary(), alert.evidence(),
                Objects.requireNonNullElseGet(alert.at(), clock::instant));
        channels.forEach(channel -> channel.offer(complete));
    }

    public List<NotificationChannel> channels() {
        return channels;
    }

    @PreDestroy
    void stop() {
        channels.forEach(NotificationChannel::close);
    }
}
