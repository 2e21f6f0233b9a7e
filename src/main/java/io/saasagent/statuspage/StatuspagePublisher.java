package io.saasagent.statuspage;

import io.saasagent.failover.record.PublicIncident;
import io.saasagent.support.Redactor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps the public Statuspage in step with the fleet's incident, on the lease holder only: opens an incident
 * when the failover fires (status identified, the component major_outage), posts an update every
 * update-interval while it lasts, monitoring once the DR side is healthy, resolved ("Service Restored", the
 * component operational) once the incident is closed. Level-driven: each {@link #tick()} compares the
 * fleet's incident with the Statuspage incident linked to it in the record and posts what is missing, so a
 * new holder, or a restarted one, carries on with the same incident.
 *
 * <p>A plain class on its own thread (tests drive {@link #tick()} on an injected clock). It never blocks the
 * failover: it only reads the failover's published view and hands the link over.
 */
final class StatuspagePublisher {
    private static final Logger LOG = Logger.getLogger(StatuspagePublisher.class);
    static final String IDENTIFIED = "identified";
    static final String MONITORING = "monitoring";
    static final String RESOLVED = "resolved";
    private static final String MAJOR_OUTAGE = "major_outage";
    private static final String OPERATIONAL = "operational";

    private final StatuspageSettings settings;
    private final StatuspageClient client;
    private final StatuspageTexts texts;
    private final Supplier<FailoverFacts> facts;
    private final IncidentLinks links;
    private final Clock clock;

    // Only the publisher's thread touches these.
    /** The link this agent made or moved, until the record shows it. */
    private PublicIncident mine;
    private Instant lastPost;
    /** After a failed call, no new attempt before this. */
    private Instant retryAt = Instant.MIN;
    private long posted;
    private long failed;

    StatuspagePublisher(StatuspageSettings settings, StatuspageClient client, StatuspageTexts texts, Supplier<FailoverFacts> facts,
                        IncidentLinks links, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.texts = texts;
        this.facts = facts;
        this.links = links;
        this.clock = clock;
    }

    /** One reconciliation: at most one call to Statuspage. */
    void tick() {
        Instant now = clock.instant();
        FailoverFacts f = facts.get();
        if (f == null || !f.holder()) {
            mine = null; // a follower posts nothing; the next holder starts from the record
            lastPost = null;
            return;
        }
        if (now.isBefore(retryAt)) {
            return;
        }
        PublicIncident link = link();
        if (link != null && !link.incident().equals(f.incident()) && !RESOLVED.equals(link.status())) {
            // The fleet moved on to another incident (or none) while this one was still open on Statuspage.
            post(link, RESOLVED, texts.render(StatuspageTexts.Kind.RESOLVED, data(f, now, false)), OPERATIONAL, now);
            return;
        }
        if (f.incident() == null) {
            return;
        }
        boolean linked = link != null && link.incident().equals(f.incident());
        if (f.open() && !linked) {
            open(f, now);
        } else if (f.open() && IDENTIFIED.equals(link.status()) && f.drHealthy()) {
            post(link, MONITORING, texts.render(StatuspageTexts.Kind.MONITORING, data(f, now, true)), null, now);
        } else if (f.open() && lastPost == null) {
            lastPost = now; // adopted mid-incident: the cadence starts at the hand-over
        } else if (f.open() && !now.isBefore(lastPost.plus(settings.updateInterval()))) {
            post(link, link.status(), texts.render(StatuspageTexts.Kind.UPDATE, data(f, now, f.failedOver())), null, now);
        } else if (!f.open() && linked && !RESOLVED.equals(link.status())) {
            post(link, RESOLVED, texts.render(StatuspageTexts.Kind.RESOLVED, data(f, now, f.failedOver())), OPERATIONAL, now);
        }
    }

    private PublicIncident link() {
        Optional<PublicIncident> stored = links.current();
        if (mine != null && stored.filter(s -> s.equals(mine)).isPresent()) {
            mine = null; // the record has it now
        }
        return mine != null ? mine : stored.orElse(null);
    }

    private void open(FailoverFacts f, Instant now) {
        StatuspageTexts.Text text = texts.render(StatuspageTexts.Kind.FAILOVER, data(f, now, f.failedOver()));
        StatuspageClient.Post post = new StatuspageClient.Post(text.title() == null ? "Failover in progress" : text.title(), IDENTIFIED,
                text.body(), MAJOR_OUTAGE);
        if (settings.dryRun()) {
            dryRun("open an incident", post);
            remember(new PublicIncident(f.incident(), "dry-run", IDENTIFIED), now, false);
            return;
        }
        try {
            String id = client.create(post, now.plus(settings.maxAge()));
            LOG.infof("statuspage: opened incident %s (%s) for %s", id, IDENTIFIED, f.incident());
            remember(new PublicIncident(f.incident(), id, IDENTIFIED), now, true);
        } catch (StatuspageClient.NotPosted e) {
            failed(f.incident(), "open an incident", e);
        }
    }

    private void post(PublicIncident link, String status, StatuspageTexts.Text text, String componentStatus, Instant now) {
        StatuspageClient.Post post = new StatuspageClient.Post(text.title(), status, text.body(), componentStatus);
        if (settings.dryRun() || "dry-run".equals(link.id())) {
            dryRun("post " + status, post);
            remember(link.with(status), now, false);
            return;
        }
        // An update is worth less once the next is due; the others are worth the whole max age.
        Duration worth = status.equals(link.status()) && settings.updateInterval().compareTo(settings.maxAge()) < 0
                ? settings.updateInterval() : settings.maxAge();
        try {
            client.update(link.id(), post, now.plus(worth));
            LOG.infof("statuspage: incident %s %s", link.id(), status.equals(link.status()) ? "updated (" + status + ")" : "now " + status);
            remember(link.with(status), now, !status.equals(link.status()));
        } catch (StatuspageClient.NotPosted e) {
            failed(link.incident(), "post " + status + " to incident " + link.id(), e);
            lastPost = now; // a failed periodic update waits for the next one
        }
    }

    private void remember(PublicIncident link, Instant now, boolean save) {
        mine = link;
        lastPost = now;
        posted++;
        if (save) {
            links.save(link);
        }
    }

    private void failed(String incident, String what, StatuspageClient.NotPosted e) {
        failed++;
        // Retries were spent (or it was refused): try again a while later, never in a tight loop.
        Duration pause = settings.updateInterval().compareTo(Duration.ofMinutes(1)) < 0 ? settings.updateInterval() : Duration.ofMinutes(1);
        retryAt = clock.instant().plus(pause);
        LOG.warnf("statuspage: could not %s for %s: %s", what, incident, Redactor.redact(e.getMessage()));
    }

    private void dryRun(String what, StatuspageClient.Post post) {
        LOG.infof("statuspage dry-run: would %s: status %s%s%s: %s", what, post.status(),
                post.name() == null ? "" : ", name '" + post.name() + "'",
                post.componentStatus() == null || settings.componentId() == null ? "" : ", component " + settings.componentId() + " " + post.componentStatus(),
                post.body().replace('\n', ' '));
    }

    /** What the templates may use. */
    private Map<String, Object> data(FailoverFacts f, Instant now, boolean failedOver) {
        Map<String, Object> m = new HashMap<>();
        m.put("state", f.state() == null ? "" : f.state());
        m.put("mode", f.mode() == null ? "" : f.mode());
        m.put("incident", f.incident() == null ? "" : f.incident());
        m.put("rule", f.rule() == null ? "" : f.rule());
        m.put("record", f.record() == null ? "" : f.record());
        m.put("drTarget", f.drTarget() == null ? "" : f.drTarget());
        Instant detected = f.firstFailedProbe() != null ? f.firstFailedProbe() : f.firedAt();
        m.put("sinceDetection", detected == null ? "" : words(Duration.between(detected, now)));
        m.put("detectedAt", detected == null ? "" : detected.toString());
        m.put("recovery", f.recoverySeconds() == null ? "" : words(Duration.ofMillis(Math.round(f.recoverySeconds() * 1000))));
        m.put("updateEvery", words(settings.updateInterval()));
        m.put("failedOver", failedOver);
        return m;
    }

    /** "5 minutes", "1 minute 30 seconds", "45 seconds": for customers, not operators. */
    static String words(Duration d) {
        long s = Math.max(0, d.toSeconds());
        long h = s / 3600;
        long min = s % 3600 / 60;
        long sec = s % 60;
        StringBuilder b = new StringBuilder();
        if (h > 0) {
            b.append(h).append(h == 1 ? " hour" : " hours");
        }
        if (min > 0) {
            b.append(b.isEmpty() ? "" : " ").append(min).append(min == 1 ? " minute" : " minutes");
        }
        if (sec > 0 && h == 0 || b.isEmpty()) {
            b.append(b.isEmpty() ? "" : " ").append(sec).append(sec == 1 ? " second" : " seconds");
        }
        return b.toString();
    }

    long posted() {
        return posted;
    }

    long failed() {
        return failed;
    }
}
