package io.saasagent.health;

import java.util.Map;

/**
 * The {@code failover} section of /health/saas and the failover health checker's verdict. The
 * failover feature provides the real one; until then a placeholder says the policy is not wired.
 */
public interface FailoverSummary {

    /** JSON-friendly summary: state, mode, leader, ... */
    Map<String, Object> summary();

    /** False once the policy fired in passive mode: /health/failover then answers 503. */
    boolean failoverEndpointHealthy();
}
