package io.saasagent.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saasagent.cluster.ClusterReport;
import io.saasagent.cluster.ClusterResults;
import io.saasagent.cluster.ClusterView;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.saasagent.state.DependencyRegistry;
import io.saasagent.state.DependencySnapshot;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * The health surface. Every answer is built from the last known state: no endpoint ever waits on a
 * dependency. Paths not listed here answer 404.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

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

    /** 200 unless a critical dependency is unhealthy or its circuit is open, then 503. */
    @GET
    @Path("saas")
    @NonBlocking
    public Response saas() throws JsonProcessingException {
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
        return Response.status(r.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(r.body()).build();
    }

    /** For the DNS provider's health checker: 503 once the failover policy fired (passive mode). */
    @GET
    @Path("failover")
    @NonBlocking
    public Response failover() {
        boolean healthy = failover.failoverEndpointHealthy();
        String basis = failover.failoverEndpointBasis();
        Map<String, Object> body = basis == null ? Map.of("status", healthy ? "up" : "failover")
                : Map.of("status", healthy ? "up" : "failover", "basis", basis);
        return Response.status(healthy ? 200 : 503).entity(body).build();
    }

    @GET
    @Path("live")
    public Response live() {
        return fromReport(reporter.getLiveness());
    }

    @GET
    @Path("ready")
    public Response ready() {
        return fromReport(reporter.getReadiness());
    }

    private static Response fromReport(SmallRyeHealth health) {
        return Response.status(health.isDown() ? 503 : 200).entity(health.getPayload().toString()).build();
    }
}
