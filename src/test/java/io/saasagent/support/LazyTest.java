package io.saasagent.support;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LazyTest {
    @Test
    void buildsNothingUntilAskedAndClosingAnUnbuiltValueBuildsNothing() {
        AtomicInteger built = new AtomicInteger();
        Lazy<String> lazy = Lazy.of(() -> "client-" + built.incrementAndGet());
        List<String> closed = new ArrayList<>();

        lazy.ifCreated(closed::add);

        assertThat(built).hasValue(0);
        assertThat(lazy.created()).isFalse();
        assertThat(closed).isEmpty();
    }

    @Test
    void buildsOnceForEveryThreadThatAsksAtTheSameTime() throws Exception {
        AtomicInteger built = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        Lazy<String> lazy = Lazy.of(() -> "client-" + built.incrementAndGet());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await(5, TimeUnit.SECONDS);
                    return lazy.get();
                }));
            }
            go.countDown();
            for (Future<String> a : answers) {
                assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("client-1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(built).hasValue(1);
        List<String> closed = new ArrayList<>();
        lazy.ifCreated(closed::add);
        assertThat(closed).containsExactly("client-1");
    }
}
