package io.saasagent.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The agent's endpoints are plain Vert.x routes, not JAX-RS resources: a sidecar with a dozen paths does not need
 * a REST framework on its start path and in its image (issue 17: ready time, memory and /health/saas throughput).
 * This is the one place that knows how an answer is written.
 */
public final class HttpReply {
    public static final String JSON = "application/json;charset=UTF-8";

    private HttpReply() {
    }

    /** GET, and HEAD with the same headers and no body (Vert.x leaves the body out of a HEAD answer). */
    public static Route get(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    public static void json(RoutingContext ctx, int status, byte[] body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(body));
    }

    public static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
    }

    /** The value as JSON; a value that cannot be written is a 500 through the server's error handler. */
    public static void json(RoutingContext ctx, ObjectMapper mapper, int status, Object body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            ctx.fail(500, e);
            return;
        }
        json(ctx, status, bytes);
    }

    /** The caller's address for the audit log; never anything the caller sent. */
    public static String caller(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }
}
