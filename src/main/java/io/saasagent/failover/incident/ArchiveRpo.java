package io.saasagent.failover.incident;

import io.saasagent.failover.policy.FailoverSettings;

import io.saasagent.config.DependencyType;
import io.saasagent.probe.postgres.WalArchive;
import io.saasagent.state.DependencySnapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Postgres point-in-time RPO beside the NATS one in /failover's contracts: for each postgres
 * dependency, what a restore from its WAL archive would lose at most ({@link WalArchive#rpoSeconds()}),
 * and the worst of them against {@code rpo-objective}. A figure nobody measured (archiving off, the probe
 * failing) counts as no data with its reason, never as zero: N/A when no dependency has one.
 */
public final class ArchiveRpo {
    private ArchiveRpo() {
    }

    /** The {@code contracts.postgres_rpo} entry, from the dependencies' snapshots as they are now. */
    public static Map<String, Object> contract(List<DependencySnapshot> snapshots, FailoverSettings settings) {
        Map<String, Object> byDependency = new TreeMap<>();
        double worst = Double.NaN;
        for (DependencySnapshot s : snapshots) {
            if (s.type() != DependencyType.POSTGRES) {
                continue;
            }
            WalArchive a = WalArchive.of(s.details());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("rpo_seconds", a == null ? null : a.rpoSeconds());
            d.put("archive_age_seconds", a == null ? null : a.ageSeconds());
            d.put("waiting_segments", a == null ? null : a.waitingSegments());
            d.put("failing", a != null && a.failing());
            d.put("reason", a == null ? "not measured: the last probe did not read the archive (" + s.status().id() + ")" : a.reason());
            byDependency.put(s.name(), d);
            if (a != null && a.rpoSeconds() != null) {
                worst = Double.isNaN(worst) ? a.rpoSeconds() : Math.max(worst, a.rpoSeconds());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective_seconds", settings.rpoObjective().toMillis() / 1000.0);
        m.put("lag_seconds", Double.isNaN(worst) ? null : worst);
        m.put("dependencies", byDependency);
        m.put("verdict", Contracts.rpoVerdict(worst, settings));
        return m;
    }
}
