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
 * dependency that rejects the agent is no vote). Owned by one engine; used under its lock.
 */
public final class OwnVerdict {
    private static final Logger LOG = Logger.getLogger("io.saasagent.failover.FailoverEngine");

    private final PolicyRules rules;
    private final Coordinator coordinator;
    private List<List<String>> published;

    public OwnVerdict(PolicyRules rules, Coordinator coordinator) {
        this.rules = rules;
        this.coordinator = coordinator;
    }

    public void publish(List<DependencySnapshot> snaps, Instant now) {
        List<String> failures = rules.firingFailoverRules();
        List<String> down = snaps.stream().filter(s -> rules.primary(s) && s.outage()).map(DependencySnapshot::name).toList();
        List<List<String>> verdict = List.of(failures, down);
        if (verdict.equals(published)) {
            return;
        }
        published = verdict;
        try {
            coordinator.publishVerdict(new Verdict(coordinator.identity(), failures, down, now));
        } catch (RuntimeException e) {
            LOG.warnf("could not publish the verdict: %s", Redactor.redact(Failures.describe(e)));
        }
    }
}
