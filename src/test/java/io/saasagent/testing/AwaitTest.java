package io.saasagent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves {@link Await} returns as soon as a condition holds and fails naming what it waited for. */
@Timeout(10)
class AwaitTest {

    @Test
    void untilReturnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        Await.until(Duration.ofSeconds(5), "third poll", () -> polls.incrementAndGet() >= 3);
        assertThat(polls).hasValue(3);
    }

    @Test
    void untilFailsNamingWhatAndElapsedTime() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(100), "the moon to turn blue", () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the moon to turn blue")
                .hasMessageMatching("Timed out after \\d+ ms \\(max 100 ms\\).*");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    @Test
    void valueReturnsTheFirstPresentValue() {
        AtomicInteger polls = new AtomicInteger();
        String v = Await.value(Duration.ofSeconds(5), "a value",
                () -> polls.incrementAndGet() < 4 ? Optional.empty() : Optional.of("v" + polls.get()));
        assertThat(v).isEqualTo("v4");
    }

    @Test
    void conditionExceptionsPropagateAtOnce() {
        assertThatThrownBy(() -> Await.until(Duration.ofSeconds(5), "boom", () -> {
            throw new IllegalStateException("probe broke");
        })).isInstanceOf(IllegalStateException.class).hasMessage("probe broke");
    }

    @Test
    void holdsChecksTheWholePeriodAndFailsAtTheFirstFalse() {
        Await.holds(Duration.ofMillis(50), "always true", () -> true);
        AtomicInteger polls = new AtomicInteger();
        assertThatThrownBy(() -> Await.holds(Duration.ofSeconds(5), "fewer than 3 polls", () -> polls.incrementAndGet() < 3))
                .isInstanceOf(AssertionError.class).hasMessageContaining("fewer than 3 polls");
        assertThat(polls).hasValue(3);
    }
}
