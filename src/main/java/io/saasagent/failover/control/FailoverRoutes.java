package io.saasagent.failover.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.saasagent.state.DependencyRegistry;
import io.saasagent.state.DependencyState;
import io.saasagent.support.HttpReply;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * GET /failover for operators, and the control endpoints. Every control call needs
 * {@code Authorization: Bearer <agent.admin.token>}: 403 when no token is configured, 401 when it is
 * missing or wrong. A failover action done by this agent (the lease holder) answers 200; on any other
 * agent it is queued in the fleet's record for the holder and answers 202 with the request id and the
 * holder's name; an action the fleet state does not allow answers 409; an unknown
 * circuit 404. Every call is logged (caller address and outcome, never the token) and noted in the
 * failover timeline.
 */
@ApplicationScoped
public class FailoverRoutes {
    private static final Logger LOG = Logger.getLogger(FailoverRoutes.class);

    @Inject
    FailoverControl failover;

    @Inject
    DependencyRegistry registry;

    @Inject
    AdminToken token;

    @Inject
    ObjectMapper json;

    void routes(@Observes Router router) {
        // The view may wait on the engine and a control call writes the fleet's record: worker threads.
        HttpReply.get(router, "/failover").blockingHandler(ctx -> answer(ctx, 200, failover.view()), false);
        router.postWithRegex("/failover/(?<action>trigger|failback|arm|disarm)/?").blockingHandler(this::control, false);
        router.post("/circuits/:name/reset").blockingHandler(this::resetCircuit, false);
    }

    /** POST /failover/trigger, /failover/failback, /failover/arm, /failover/disarm. */
    void control(RoutingContext ctx) {
        String action = ctx.pathParam("action");
        guarded(ctx, "POST /failover/" + action, () -> {
            ControlAnswer a = failover.control(action, HttpReply.caller(ctx));
            return new Answer(a.status(), a.view());
        });
    }

    void resetCircuit(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        guarded(ctx, "POST /circuits/" + name + "/reset", () -> {
            Optional<DependencyState> state = registry.get(name);
            if (state.isEmpty()) {
                return new Answer(404, Map.of("error", "no dependency named " + name));
            }
            state.get().resetCircuit();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("action", "reset");
            body.put("dependency", name);
            body.put("circuit", state.get().snapshot().circuit().id());
            body.put("status", state.get().snapshot().status().id());
            return new Answer(200, body);
        });
    }

    private record Answer(int status, Map<String, Object> body) {
    }

    /** Authorizes, runs, logs and notes one control call. */
    private void guarded(RoutingContext ctx, String call, Supplier<Answer> action) {
        AdminToken.Check check = token.check(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        Answer answer = switch (check) {
            case OK -> action.get();
            case DISABLED -> new Answer(403, Map.of("error", "control endpoints are disabled: no agent.admin.token configured"));
            case MISSING -> new Answer(401, Map.of("error", "bearer token required"));
            case WRONG -> new Answer(401, Map.of("error", "wrong bearer token"));
        };
        String caller = HttpReply.caller(ctx);
        String outcome = call + " from " + caller + ": " + answer.status() + (check == AdminToken.Check.OK ? "" : " (" + check.name().toLowerCase() + ")");
        LOG.infof("control call %s", outcome);
        // Failover actions are in the timeline through the engine's own answer; the rest is noted here.
        if (check != AdminToken.Check.OK || !call.startsWith("POST /failover/")) {
            failover.note("ControlCall", outcome, Map.of("call", call, "status", answer.status(), "caller", caller));
        }
        if (answer.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        answer(ctx, answer.status(), answer.body());
    }

    private void answer(RoutingContext ctx, int status, Map<String, Object> body) {
        HttpReply.json(ctx, json, status, body);
    }
}
