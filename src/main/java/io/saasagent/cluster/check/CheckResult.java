package io.saasagent.cluster.check;

import io.saasagent.state.DependencyStatus;
import io.saasagent.support.Redactor;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one cluster check found, at {@code checkedAt} by the agent's clock.
 *
 * @param age          how old the object's last good event is (refresh, sync, backup); null when the kind has none or it is unknown
 * @param objective    the objective in words ("refreshed within 5m (warn) / 10m (critical)")
 * @param reason       why the status is not healthy (redacted); null when healthy
 * @param successRatio backup-cronjob: succeeded / finished among the Jobs Kubernetes keeps; null otherwise or when none finished
 * @param expiresIn    certificate: time left to notAfter (negative once expired); null otherwise
 * @param details      the object's own fields worth showing (JSON-friendly values)
 */
public record CheckResult(DependencyStatus status, Duration age, String objective, String reason, Double successRatio,
                          Duration expiresIn, Map<String, Object> details, Instant checkedAt) {

    public CheckResult {
        reason = Redactor.redact(reason);
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Not measured: the object cannot be read (API type absent, forbidden, unreachable) or this agent does not run checks. */
    public static CheckResult unknown(String objective, String reason, Instant at) {
        return new CheckResult(DependencyStatus.UNKNOWN, null, objective, reason, null, null, Map.of(), at);
    }
}
