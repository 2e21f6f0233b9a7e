package io.saasagent.status;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.saasagent.cluster.ClusterResults;
import io.saasagent.cluster.ClusterView;
import io.saasagent.failover.FailoverService;
import io.saasagent.state.DependencyRegistry;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import io.vertx.core.http.HttpServerRequest;

import java.time.Clock;
import java.util.Map;

/**
 * GET /status: one HTML page for people, rendered on the server from the last known state (the same
 * snapshots and published views as the JSON endpoints), so it answers as fast while a dependency hangs.
 * No control on it: control stays an authenticated API. Other paths under /status/ answer 404.
 */
@Path("/status")
public class StatusResource {
    private static final PageAssets ASSETS = PageAssets.load();

    @Inject
    DependencyRegistry registry;

    @Inject
    FailoverService failover;

    @Inject
    ClusterResults cluster;

    @Inject
    Clock clock;

    @Inject
    @Location("status.html")
    Template page;

    @GET
    @Produces("text/html;charset=utf-8")
    @NonBlocking
    public Response status(@Context HttpServerRequest request) {
        if (!"/status".equals(request.path())) {
            return Response.status(404).build(); // /status/ is a path under /status/ too: only the page itself answers
        }
        StatusPage model = StatusPages.build(
                registry.all().stream().map(s -> new StatusPages.Dependency(s.snapshot(), s.recent())).toList(),
                failoverView(), ClusterView.health(cluster), ClusterView.readiness(cluster), clock.instant(), ASSETS);
        return Response.ok(page.data("page", model).render())
                .header("Content-Security-Policy", ASSETS.contentSecurityPolicy())
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .build();
    }

    /** The failover's published view; null until its policy has started. */
    private Map<String, Object> failoverView() {
        try {
            return failover.view();
        } catch (IllegalStateException starting) {
            return null;
        }
    }
}
