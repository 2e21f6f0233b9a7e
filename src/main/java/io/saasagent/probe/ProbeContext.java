package io.saasagent.probe;

import io.vertx.core.Vertx;

/**
 * What probes share beyond their own target: the Quarkus-managed Vert.x (event loops for the
 * reactive clients). Each probe still opens its own single connection on it, never the API's pool.
 */
public record ProbeContext(Vertx vertx) {
}
