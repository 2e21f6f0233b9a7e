package io.saasagent.probe;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions the probe tests share. */
public final class ProbeAssertions {
    private ProbeAssertions() {
    }

    /** A DOWN result after the probe's own timeout, neither early nor stuck. */
    public static void assertTimedOut(ProbeResult result, Duration timeout) {
        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.DOWN);
        assertThat(result.error()).isEqualTo("timeout after " + timeout.toMillis() + " ms");
        assertThat(result.latency()).isBetween(timeout.multipliedBy(9).dividedBy(10), timeout.plusSeconds(1));
    }
}
