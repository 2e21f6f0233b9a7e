package io.saasagent.support;

import io.saasagent.testing.RecordingSleeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class RetrierTest {
    private final RecordingSleeper sleeper = new RecordingSleeper(null);

    private static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    @Test
    void backoffDoublesUpToTheCapAndAHintIsHonouredUpToTheCapToo() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(policy.delay(1, null)).hasSeconds(1);
        assertThat(policy.delay(2, null)).hasSeconds(2);
        assertThat(policy.delay(3, null)).hasSeconds(4);
        assertThat(policy.delay(4, null)).hasSeconds(5);
        assertThat(policy.delay(60, null)).hasSeconds(5);
        assertThat(policy.delay(1, Duration.ofSeconds(3))).hasSeconds(3);
        assertThat(policy.delay(3, Duration.ofSeconds(1))).hasSeconds(4);
        assertThat(policy.delay(1, Duration.ofHours(1))).hasSeconds(5);
    }

    @Test
    void againIsRetriedUntilSuccessAndCounted() throws Failed {
        Retrier retrier = new Retrier(new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1)), sleeper);
        AtomicInteger calls = new AtomicInteger();

        String result = retrier.call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new Retrier.Again("busy");
            }
            return "done";
        }, Failed::new);

        assertThat(result).isEqualTo("done");
        assertThat(retrier.retries()).isEqualTo(2);
        assertThat(sleeper.pauses()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void attemptsAreBoundedAndOtherFailuresAreNotRetried() {
        Retrier retrier = new Retrier(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1)), sleeper);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.call(() -> {
            calls.incrementAndGet();
            throw new Retrier.Again("HTTP 503");
        }, Failed::new)).isInstanceOf(Failed.class).hasMessage("HTTP 503 (gave up after 3 attempts)");
        assertThat(calls).hasValue(3);

        calls.set(0);
        assertThatThrownBy(() -> retrier.call(() -> {
            calls.incrementAndGet();
            throw new Failed("HTTP 403");
        }, Failed::new)).hasMessage("HTTP 403");
        assertThat(calls).hasValue(1);
    }

    @Test
    void anInterruptedThreadStopsRetrying() {
        Retrier retrier = new Retrier(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(1)), sleeper);
        AtomicInteger calls = new AtomicInteger();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> retrier.call(() -> {
                calls.incrementAndGet();
                throw new Retrier.Again("busy");
            }, Failed::new)).hasMessage("busy (gave up after 1 attempt)");
            assertThat(calls).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }
}
