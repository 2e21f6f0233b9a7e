package io.saasagent.coordination;

import java.time.Instant;
import java.util.Map;

/**
 * A failover decision and its evidence, recorded as a Kubernetes Event on the agent's pod and in
 * the log.
 *
 * @param kind     e.g. FailoverFired, FailoverRefusedNoQuorum, FailoverRefusedNoLease, DnsWritten
 * @param evidence JSON-friendly facts: rule, dependencies, counts, change id
 */
public record Decision(String kind, String message, Map<String, Object> evidence, Instant at) {
}
