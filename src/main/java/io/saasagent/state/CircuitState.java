package io.saasagent.state;

import java.util.Locale;

/** Circuit breaker states, with the gauge values of {@code saas_dependency_circuit_state}. */
public enum CircuitState {
    CLOSED(0), OPEN(1), HALF_OPEN(2);

    private final int gauge;

    CircuitState(int gauge) {
        this.gauge = gauge;
    }

    public int gauge() {
        return gauge;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
