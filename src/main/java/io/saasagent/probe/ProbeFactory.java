package io.saasagent.probe;

/** One probe per dependency type; one small class each. */
public final class ProbeFactory {
    private ProbeFactory() {
    }

    public static Probe create(ProbeTarget target) {
        return switch (target.type()) {
            case TCP -> new TcpProbe(target);
            case HTTP -> new HttpProbe(target);
            case OPENMETER -> new OpenMeterProbe(target);
            default -> new UnsupportedProbe(target);
        };
    }

    /** Placeholder until each type's probe lands: reports itself honestly as a failure. */
    private record UnsupportedProbe(ProbeTarget target) implements Probe {
        @Override
        public ProbeResult check() {
            return ProbeResult.down(java.time.Duration.ZERO, "no probe for type " + target.type().id() + " yet",
                    java.util.Map.of(), target.clock().instant());
        }
    }
}
