package io.saasagent.failover.control;

import io.saasagent.state.DependencyRegistry;
import io.saasagent.state.DependencyState;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class FailoverResource {
    private static final Logger LOG = Logger.getLogger(FailoverResource.class);

    @Inject
    FailoverControl failover;

    @Inject
    DependencyRegistry registry;

    @Inject
    AdminToken token;

    @Context
    HttpServerRequest request;

    @GET
    @Path("failover")
    public Map<String, Object> view() {
        return failover.view();
    }

    /** POST /failover/trigger, /failover/failback, /failover/arm, /failover/disarm. */
    @POST
    @Path("failover/{action:trigger|failback|arm|disarm}")
    public Response control(@PathParam("action") String action, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return guarded("POST /failover/" + action, authorization, () -> {
            ControlAnswer a = failover.control(action, actor());
            return answer(a.status(), a.view());
        });
    }

    @POST
    @Path("circuits/{name}/reset")
    public Response resetCircuit(@PathParam("name") String name, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return guarded("POST /circuits/" + name + "/reset", authorization, () -> {
            Optional<DependencyState> state = registry.get(name);
            if (state.isEmpty()) {
                return answer(404, Map.of("error", "no dependency named " + name));
            }
            state.get().resetCircuit();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("action", "reset");
            body.put("dependency", name);
            body.put("circuit", state.get().snapshot().circuit().id());
            body.put("status", state.get().snapshot().status().id());
            return answer(200, body);
        });
    }

    /** Authorizes, runs, logs and notes one control call. */
    private Response guarded(String call, String authorization, Supplier<Response> action) {
        AdminToken.Check check = token.check(authorization);
        Response response = switch (check) {
            case OK -> action.get();
            case DISABLED -> answer(403, Map.of("error", "control endpoints are disabled: no agent.admin.token configured"));
            case MISSING -> unauthorized("bearer token required");
            case WRONG -> unauthorized("wrong bearer token");
        };
        String outcome = call + " from " + actor() + ": " + response.getStatus() + (check == AdminToken.Check.OK ? "" : " (" + check.name().toLowerCase() + ")");
        LOG.infof("control call %s", outcome);
        // Failover actions are in the timeline through the engine's own answer; the rest is noted here.
        if (check != AdminToken.Check.OK || !call.startsWith("POST /failover/")) {
            failover.note("ControlCall", outcome, Map.of("call", call, "status", response.getStatus(), "caller", actor()));
        }
        return response;
    }

    private String actor() {
        return request == null || request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    private static Response unauthorized(String message) {
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").entity(Map.of("error", message)).build();
    }

    private static Response answer(int status, Map<String, Object> body) {
        return Response.status(status).entity(body).build();
    }
}
