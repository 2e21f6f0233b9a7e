package io.saasagent.health;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** Used only while no failover engine is present. */
@DefaultBean
@ApplicationScoped
public class PlaceholderFailoverSummary implements FailoverSummary {
    @Override
    public Map<String, Object> summary() {
        return Map.of("state", "not_configured");
    }

    @Override
    public boolean failoverEndpointHealthy() {
        return true;
    }
}
