package io.saasagent.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saasagent.cluster.ClusterReport;
import io.saasagent.cluster.ClusterResults;
import io.saasagent.cluster.ClusterView;
import io.saasagent.state.DependencyRegistry;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.support.HttpReply;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The health surface. Every answer is built from the last known state: no endpoint ever waits on a
 * dependency. Paths not listed here answer 404.
 */
@ApplicationScoped
public class HealthRoutes {

    @Inject
    DependencyRegistry registry;

    @Inject
    FailoverSummary failover;

    @Inject
    SmallRyeHealthReporter reporter;

    @Inject
    ClusterResults cluster;

    @Inject
    ObjectMapper json;

    /**
     * The last answer of /health/saas as sent, and what it was made from. Snapshots, the failover summary and the
     * cluster report are immutable values, replaced whenever anything in them changes (a snapshot at every probe
     * tick): while the same ones are current, the answer is the same bytes, so it is rendered once per change and
     * not once per request (issue 17: the endpoint's throughput).
     */
    private record Rendered(List<DependencySnapshot> snapshots, Map<String, Object> failover, ClusterReport cluster, int status, byte[] body) {
        boolean from(List<DependencySnapshot> s, Map<String, Object> f, ClusterReport c) {
            if (c != cluster || (f != failover && !f.equals(failover)) || s.size() != snapshots.size()) {
                return false;
            }
            for (int i = 0; i < s.size(); i++) {
                if (s.get(i) != snapshots.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private volatile Rendered saas;

    void routes(@Observes Router router) {
        // saas and failover read memory only: they answer on the event loop.
        HttpReply.get(router, "/health/saas").handler(this::saas);
        HttpReply.get(router, "/health/failover").handler(this::failover);
        // SmallRye's reporter runs the health checks and may block: a worker thread.
        HttpReply.get(router, "/health/live").blockingHandler(ctx -> report(ctx, reporter::getLiveness), false);
        HttpReply.get(router, "/health/ready").blockingHandler(ctx -> report(ctx, reporter::getReadiness), false);
    }

    /** 200 unless a critical dependency is unhealthy or its circuit is open, then 503. */
    void saas(RoutingContext ctx) {
        Rendered r;
        try {
            r = rendered();
        } catch (JsonProcessingException e) {
            ctx.fail(500, e);
            return;
        }
        HttpReply.json(ctx, r.status(), r.body());
    }

    private Rendered rendered() throws JsonProcessingException {
        List<DependencySnapshot> snapshots = registry.snapshots();
        Map<String, Object> summary = failover.summary();
        ClusterReport report = cluster.report();
        Rendered r = saas;
        if (r == null || !r.from(snapshots, summary, report)) {
            Map<String, Object> body = HealthView.render(snapshots, summary);
            // DR readiness is shown, never a reason for 503: a stale backup is not an outage of this region.
            Map<String, Object> clusterChecks = ClusterView.health(cluster);
            if (clusterChecks != null) {
                body.put("cluster", clusterChecks);
            }
            boolean criticalDown = snapshots.stream().anyMatch(s -> s.critical() && s.down());
            r = new Rendered(snapshots, summary, report, criticalDown ? 503 : 200, json.writeValueAsBytes(body));
            saas = r;
        }
        return r;
    }

    /** For the DNS provider's health checker: 503 once the failover policy fired (passive mode). */
    void failover(RoutingContext ctx) {
        boolean healthy = failover.failoverEndpointHealthy();
        String basis = failover.failoverEndpointBasis();
        Map<String, Object> body = basis == null ? Map.of("status", healthy ? "up" : "failover")
                : Map.of("status", healthy ? "up" : "failover", "basis", basis);
        HttpReply.json(ctx, json, healthy ? 200 : 503, body);
    }

    private static void report(RoutingContext ctx, Supplier<SmallRyeHealth> check) {
        SmallRyeHealth health = check.get();
        HttpReply.json(ctx, health.isDown() ? 503 : 200, health.getPayload().toString());
    }
}
