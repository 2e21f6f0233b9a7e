package io.saasagent.cluster;

import io.saasagent.cluster.check.CheckResult;
import io.saasagent.cluster.check.ClusterCheck;
import io.saasagent.cluster.check.ClusterObjects;
import io.saasagent.support.Redactor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs the cluster checks on the lease holder only. {@link #tick()} is called often (every second); it
 * asks {@code leading} (the elector's own word, no API call), and only the holder reads the cluster,
 * once per interval by the injected clock, at once on becoming the holder. A follower shows the
 * holder's last shared report (stale past {@link #STALE_AFTER} intervals), or "not the holder", and
 * sends nothing. Leadership is passed in, so this class sits below coordination and the results flow
 * up to health, metrics and failover.
 *
 * <p>The holder shares a report when its statuses or reasons changed, else every {@link #REFRESH}
 * intervals: each share is a write of the fleet's record, so an unchanged cluster costs half a write
 * per interval, and a follower (reading the record at its own pace) never sees a healthy holder's
 * report older than about two intervals, one short of the stale bound.
 */
public final class ClusterCheckRunner {
    private static final Logger LOG = Logger.getLogger(ClusterCheckRunner.class);

    private final ClusterResults results;
    private final ClusterObjects api;
    private final BooleanSupplier leading;
    private final Supplier<String> notHolder;
    private final ClusterResultsShare share;
    private final String identity;
    private final Clock clock;
    static final int REFRESH = 2;
    static final int STALE_AFTER = 3;

    private Instant lastRun;
    private ClusterReport lastShared;

    /**
     * @param notHolder why this agent does not run the checks ("not the holder (held by agent-2)")
     */
    public ClusterCheckRunner(ClusterResults results, ClusterObjects api, BooleanSupplier leading, Supplier<String> notHolder,
                              ClusterResultsShare share, String identity, Clock clock) {
        this.results = results;
        this.api = api;
        this.leading = leading;
        this.notHolder = notHolder;
        this.share = share;
        this.identity = identity;
        this.clock = clock;
        results.defaultNamespace(api.defaultNamespace());
    }

    /** One step: run when holding the lease and an interval has passed; otherwise show the holder's results. */
    public synchronized void tick() {
        if (results.checks().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (!leading.getAsBoolean()) {
            lastRun = null; // on becoming the holder again: run at once, not an interval later
            lastShared = null; // and share that first run, whatever the record holds
            Duration bound = results.interval().multipliedBy(STALE_AFTER);
            results.update(share.latest().filter(ClusterReport::measured).map(r -> r.asShared(now, bound))
                    .orElseGet(() -> ClusterReport.unmeasured(results.checks(), notHolder.get(), now)));
            return;
        }
        if (lastRun != null && now.isBefore(lastRun.plus(results.interval()))) {
            return;
        }
        lastRun = now;
        ClusterReport report = runAll(now);
        results.update(report);
        if (lastShared == null || !report.sameSubstance(lastShared)
                || !now.isBefore(lastShared.at().plus(results.interval().multipliedBy(REFRESH)))) {
            lastShared = report;
            share.publish(report);
        }
    }

    private ClusterReport runAll(Instant now) {
        Map<String, CheckResult> m = new LinkedHashMap<>();
        for (ClusterCheck check : results.checks()) {
            CheckResult r;
            try {
                r = check.run(api, now);
            } catch (RuntimeException e) {
                // A check never stops the others nor the agent.
                r = CheckResult.unknown(check.objective(), "check failed: " + e.getClass().getSimpleName(), now);
            }
            logChange(check, results.report().results().get(check.spec().name()), r);
            m.put(check.spec().name(), r);
        }
        return new ClusterReport(true, identity, now, m, "run by this agent, the lease holder");
    }

    /** Logs a check's status when it changes (never its details: little noise, and no secret). */
    private void logChange(ClusterCheck check, CheckResult before, CheckResult after) {
        if (before == null || before.status() != after.status()) {
            LOG.infof("cluster check %s (%s %s): %s%s", check.spec().name(), check.kind(), check.object(results.defaultNamespace()),
                    after.status().id(), after.reason() == null ? "" : ": " + Redactor.redact(after.reason()));
        }
    }
}
