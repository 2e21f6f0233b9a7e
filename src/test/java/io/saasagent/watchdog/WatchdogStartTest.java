package io.saasagent.watchdog;

import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.TestTargets;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the probes start: on the HTTP server's announcement or at the latest start, whichever comes first, once; never
 * after a shutdown. The latest start is captured and fired by the test, so nothing here waits two seconds.
 */
class WatchdogStartTest {
    private final AtomicInteger checks = new AtomicInteger();
    private final Probe counting = () -> {
        checks.incrementAndGet();
        return ProbeResult.up(Duration.ZERO, Map.of(), Clock.systemUTC().instant());
    };
    private final LoopRig rig = new LoopRig(TestTargets.target("api", "http", "http://127.0.0.1:1/", Map.of(),
            Clock.systemUTC()), counting);
    private final List<Runnable> latest = new ArrayList<>();
    private final Watchdog watchdog = new Watchdog();

    WatchdogStartTest() {
        watchdog.latestStart = latest::add;
        watchdog.loops.add(rig.loop);
        watchdog.scheduleLatestStart();
    }

    @AfterEach
    void close() {
        rig.close();
    }

    @Test
    void nothingProbesBeforeEitherStart() {
        assertEquals(1, latest.size(), "the latest start is scheduled at build");
        assertEquals(0, checks.get());
    }

    @Test
    void theLatestStartStartsTheLoopsWhenTheServerNeverAnnouncesItself() {
        latest.get(0).run();
        Await.until(Duration.ofSeconds(5), "a first probe", () -> checks.get() > 0);
    }

    @Test
    void theServerAnnouncementStartsThemAndEveryLaterStartIsRefused() {
        assertTrue(watchdog.startProbing(), "the announcement starts the loops");
        Await.until(Duration.ofSeconds(5), "a first probe", () -> checks.get() > 0);
        latest.get(0).run(); // the latest start, after the announcement: refused like any later one
        assertFalse(watchdog.startProbing(), "a later start (the HTTPS announcement) is refused");
    }

    @Test
    void aShutdownDuringStartUpLeavesNothingToStartLater() {
        watchdog.stop(null);
        latest.get(0).run(); // would throw RejectedExecutionException on the closed loop if it started it
        assertFalse(watchdog.startProbing(), "nothing starts after a shutdown");
        assertEquals(0, checks.get());
        assertFalse(rig.loop.alive());
    }
}
