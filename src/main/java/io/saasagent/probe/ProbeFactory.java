package io.saasagent.probe;

import io.saasagent.probe.http.HttpProbe;
import io.saasagent.probe.http.OpenMeterProbe;
import io.saasagent.probe.nats.NatsProbe;
import io.saasagent.probe.postgres.PostgresProbe;
import io.saasagent.probe.redis.RedisProbe;

/** One probe per dependency type; one small class each. The switch is exhaustive: a new type does not compile without its probe. */
public final class ProbeFactory {
    private ProbeFactory() {
    }

    public static Probe create(ProbeTarget target, ProbeContext context) {
        return switch (target.type()) {
            case NATS -> new NatsProbe(target);
            case REDIS -> new RedisProbe(target);
            case POSTGRES -> new PostgresProbe(target, context.vertx());
            case TCP -> new TcpProbe(target);
            case HTTP -> new HttpProbe(target);
            case OPENMETER -> new OpenMeterProbe(target);
            case TLS -> new TlsProbe(target);
        };
    }
}
