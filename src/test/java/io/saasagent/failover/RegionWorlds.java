package io.saasagent.failover;

import io.saasagent.alerting.Alert;
import io.saasagent.coordination.RecordStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Two fleets' agents (a primary region's holder, a standby region's holder) sharing one zone in memory. */
final class RegionWorlds {
    static final String PRIMARY_REGION = "eu-west-1";
    static final String STANDBY_REGION = "eu-central-1";
    static final String HEARTBEAT = "_saas-agent." + EngineWorld.RECORD;

    private RegionWorlds() {
    }

    static EngineWorld primary(MemoryDnsProvider dns, Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(extra);
        p.put("agent.region.role", "primary");
        p.put("agent.region.name", PRIMARY_REGION);
        return new EngineWorld("active", p, RecordStore.memory(), true, dns, "primary-0");
    }

    static EngineWorld standby(MemoryDnsProvider dns, Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(extra);
        p.put("agent.region.role", "standby");
        p.put("agent.region.name", STANDBY_REGION);
        p.put("agent.region.primary-dependency", "primary-api");
        p.put("agent.dependencies.primary-api.type", "http");
        p.put("agent.dependencies.primary-api.url", "http://127.0.0.1:3/health");
        EngineWorld w = new EngineWorld("active", p, RecordStore.memory(), true, dns, "standby-0");
        w.coordinator.fleetDownFromVerdicts = true;
        return w;
    }

    /** A heartbeat the primary wrote and then went silent. */
    static void silentPrimary(MemoryDnsProvider dns) {
        dns.txt(HEARTBEAT, "owner=" + PRIMARY_REGION + ";epoch=1;ts=1735732800");
    }

    /** Both agents one round on, in step. */
    static void rounds(int n, EngineWorld... worlds) {
        for (int i = 0; i < n; i++) {
            for (EngineWorld w : worlds) {
                w.round();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> region(EngineWorld w) {
        return (Map<String, Object>) w.engine.view().get("region");
    }

    static String decision(EngineWorld w) {
        return (String) region(w).get("decision");
    }

    /** Alerts whose key ends with {@code kind}, firing or resolving. */
    static List<Alert> alerts(EngineWorld w, String kind, boolean firing) {
        return w.alerts.stream().filter(a -> a.dedupKey().endsWith("/" + kind) && a.firing() == firing).toList();
    }
}
