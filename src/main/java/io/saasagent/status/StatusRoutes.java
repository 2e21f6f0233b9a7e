package io.saasagent.status;

import io.saasagent.cluster.ClusterResults;
import io.saasagent.cluster.ClusterView;
import io.saasagent.failover.FailoverService;
import io.saasagent.state.DependencyRegistry;
import io.saasagent.support.HttpReply;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Map;

/**
 * GET /status: one HTML page for people, rendered on the server from the last known state (the same
 * snapshots and published views as the JSON endpoints), so it answers as fast while a dependency hangs.
 * No control on it: control stays an authenticated API. Other paths under /status/ answer 404.
 */
@ApplicationScoped
public class StatusRoutes {
    private static final PageAssets ASSETS = PageAssets.load();

    @Inject
    DependencyRegistry registry;

    @Inject
    FailoverService failover;

    @Inject
    ClusterResults cluster;

    @Inject
    Clock clock;

    void routes(@Observes Router router) {
        // Memory and a template only: the event loop (the first request also parses the template, a few ms).
        HttpReply.get(router, "/status").handler(this::status);
    }

    void status(RoutingContext ctx) {
        if (!"/status".equals(ctx.request().path())) {
            ctx.response().setStatusCode(404).end(); // the route ignores a trailing slash; only the page itself answers
            return;
        }
        StatusPage model = StatusPages.build(
                registry.all().stream().map(s -> new StatusPages.Dependency(s.snapshot(), s.recent())).toList(),
                failoverView(), ClusterView.health(cluster), ClusterView.readiness(cluster), clock.instant(), ASSETS);
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=utf-8")
                .putHeader("Content-Security-Policy", ASSETS.contentSecurityPolicy())
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY")
                .end(StatusTemplate.render(model));
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
