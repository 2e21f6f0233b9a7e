package io.saasagent.failover.policy;

import io.saasagent.coordination.Coordinator;
import io.saasagent.coordination.Verdict;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.support.Failures;
import io.saasagent.support.Redactor;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * This agent's vote for the quorum, published when it changes: the failover rules firing on it (shown to
 * operators) and the dependencies feeding failover it sees down from an outage (what the quorum counts; a
 * dependency that rejects the agent is no vote), and its alert rules firing on a shared dependency (the holder
 * pages those once for the fleet when a quorum has them). Owned by one engine; used under its lock.
 */
public final class OwnVerdict {
    private static final Logger LOG = Logger.getLogger("io.saasagent.failover.FailoverEngine");

    private final PolicyRules rules;
    private final FailoverSettings settings;
    private final Coordinator coordinator;
    private List<List<String>> published;

    public OwnVerdict(PolicyRules rules, FailoverSettings settings, Coordinator coordinator) {
        this.rules = rules;
        this.settings = settings;
        this.coordinator = coordinator;
    }

    public void publish(List<DependencySnapshot> snaps, Instant now) {
        List<String> failures = rules.firingFailoverRules();
        // A standby's probe of the primary's endpoint is a vote too: the region take-over's quorum counts it.
        List<String> down = snaps.stream().filter(s -> (rules.primary(s) || settings.region().probesPrimary(s.name())) && s.outage())
                .map(DependencySnapshot::name).toList();
        List<String> alerts = rules.current().values().stream().filter(e -> e.firing() && !e.rule().failover()
                && e.involved().stream().anyMatch(d -> !settings.podLocal(d))).map(e -> e.rule().name()).toList();
        List<List<String>> verdict = List.of(failures, down, alerts);
        if (verdict.equals(published)) {
            return;
        }
        published = verdict;
        try {
            coordinator.publishVerdict(new Verdict(coordinator.identity(), failures, down, alerts, now));
        } catch (RuntimeException e) {
            LOG.warnf("could not publish the verdict: %s", Redactor.redact(Failures.describe(e)));
        }
    }
}
