package io.saasagent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves {@link MutableClock} moves only when told, shares state across zones and is thread-safe. */
@Timeout(10)
class MutableClockTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void standsStillUntilAdvancedOrSet() {
        MutableClock clock = new MutableClock(T0);
        assertThat(clock.instant()).isEqualTo(T0);
        assertThat(clock.advance(Duration.ofSeconds(30))).isEqualTo(T0.plusSeconds(30));
        assertThat(clock.millis()).isEqualTo(T0.plusSeconds(30).toEpochMilli());
        clock.set(T0.minusSeconds(5));
        assertThat(clock.instant()).isEqualTo(T0.minusSeconds(5));
    }

    @Test
    void zonedViewsShareTheInstant() {
        MutableClock utc = new MutableClock(T0);
        MutableClock paris = utc.withZone(ZoneId.of("Europe/Paris"));
        utc.advance(Duration.ofMinutes(1));
        assertThat(paris.instant()).isEqualTo(T0.plusSeconds(60));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    void concurrentAdvancesAreNotLost() throws InterruptedException {
        MutableClock clock = new MutableClock(T0);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                for (int j = 0; j < 10_000; j++) {
                    clock.advance(Duration.ofMillis(1));
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(40));
    }
}
