package io.saasagent.probe;

import java.time.Duration;
import java.util.Map;

/** One probe per dependency type; one small class each. */
public final class ProbeFactory {
    private ProbeFactory() {
    }

    public static Probe create(ProbeTarget target, ProbeContext context) {
        return switch (target.type()) {
            case NATS -> new NatsProbe(target);
            case REDIS -> new RedisProbe(target);
            case POSTGRES -> new PostgresProbe(target, context.vertx());
            case TCP -> new TcpProbe(target);
            default -> new UnsupportedProbe(target);
        };
    }

    /** Placeholder until each type's probe lands: reports itself honestly as a failure. */
    private record UnsupportedProbe(ProbeTarget target) implements Probe {
        @Override
        public ProbeResult check() {
            return ProbeResult.down(Duration.ZERO, "no probe for type " + target.type().id() + " yet",
                    Map.of(), target.clock().instant());
        }
    }
}
