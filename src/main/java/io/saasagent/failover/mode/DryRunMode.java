package io.saasagent.failover.mode;

import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.policy.Outcome;
import io.saasagent.dns.DnsException;
import io.saasagent.dns.DnsProvider;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.support.Redactor;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dry-run: the guards run, and what would change is recorded once per incident; nothing moves. */
final class DryRunMode implements ModeAction {
    private final EngineContext e;
    private final DnsProvider provider;
    private boolean done;

    DryRunMode(EngineContext engine, DnsProvider provider) {
        this.e = engine;
        this.provider = provider;
    }

    @Override
    public void opened() {
        done = false;
    }

    @Override
    public void carryOut(List<DependencySnapshot> snapshots, Instant now) {
        if (done || e.incidents().refused(snapshots, now)) {
            return;
        }
        done = true;
        e.record().lastFailoverAt = now;
        e.count(Outcome.DRY_RUN);
        e.journal().record("DryRun", "dry-run: would point " + e.settings().record() + " to " + e.settings().drTarget() + " (nothing written)",
                wouldChange());
    }

    @Override
    public void failback(Instant now) {
        e.incidents().finishFailback(now, "dry-run: nothing was moved");
    }

    @Override
    public void abortFailback(Instant now, String why) {
        failback(now);
    }

    private Map<String, Object> wouldChange() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("record", e.settings().record());
        m.put("type", e.settings().recordType());
        m.put("to", e.settings().drTarget());
        if (provider != null && e.settings().record() != null) {
            try {
                m.put("from", provider.read(e.settings().record(), e.settings().recordType()).map(r -> String.join(",", r.values())).orElse("(absent)"));
            } catch (DnsException | RuntimeException ex) {
                m.put("from", "(unreadable: " + Redactor.redact(ex.getMessage()) + ")");
            }
        }
        return m;
    }
}
