package io.saasagent.status;

import io.saasagent.config.DependencyType;
import io.saasagent.probe.ProbeResult;
import io.saasagent.state.DependencyState;
import io.saasagent.state.RecentResults;
import io.saasagent.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's words from dependency states on an injected clock: the one-line answer, the bars, the timeline. */
@Timeout(10)
class StatusPagesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T03:00:00Z"));
    private final DependencyState redis = state("redis", DependencyType.REDIS, true);
    private final DependencyState nats = state("nats", DependencyType.NATS, false);

    private DependencyState state(String name, DependencyType type, boolean critical) {
        return new DependencyState(new DependencyState.Settings(name, type, critical, 3, 2, Duration.ofSeconds(30), 2.0,
                Duration.ofMinutes(2), Duration.ofMinutes(5)), clock, e -> { });
    }

    private void up(DependencyState s) {
        s.record(ProbeResult.up(Duration.ofMillis(4), Map.of(), clock.instant()));
    }

    private void down(DependencyState s) {
        s.record(ProbeResult.down(Duration.ofMillis(9), "connection refused", Map.of(), clock.instant()));
    }

    private StatusPage page() {
        List<StatusPages.Dependency> deps = List.of(new StatusPages.Dependency(nats.snapshot(), nats.recent()),
                new StatusPages.Dependency(redis.snapshot(), redis.recent()));
        return StatusPages.build(deps, null, null, null, clock.instant(), PageAssets.load());
    }

    @Test
    void theOverallAnswerSaysWhyInOneLine() {
        assertThat(page().headline()).isEqualTo("200: waiting for the first probes (0 of 2 answered)");
        up(redis);
        up(nats);
        assertThat(page().headline()).isEqualTo("200: all 2 dependencies healthy");
        assertThat(page().tone()).isEqualTo("ok");
        clock.advance(Duration.ofSeconds(10));
        down(redis); // the run of failures starts here
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(10));
            down(redis);
        }
        clock.advance(Duration.ofSeconds(114));
        StatusPage page = page();
        assertThat(page.code()).isEqualTo(503);
        assertThat(page.headline()).isEqualTo("503: redis circuit open (outage) for 2m14s");
        assertThat(page.tone()).isEqualTo("bad");
        up(redis);
        // Latched down until success-threshold (2); nats down too, but not critical, is named as such.
        down(nats);
        down(nats);
        down(nats);
        assertThat(page().headline()).startsWith("503: redis circuit open");
    }

    @Test
    void aNonCriticalDependencyDownIsNamedButLeaves200() {
        up(redis);
        for (int i = 0; i < 3; i++) {
            down(nats);
        }
        clock.advance(Duration.ofSeconds(5));
        assertThat(page().headline()).isEqualTo("200: nats circuit open (outage) for 5.0s (not critical)");
    }

    @Test
    void theBarHasSixtyCellsOldestFirstWithTimesOnHover() {
        up(redis);
        clock.advance(Duration.ofSeconds(1));
        down(redis);
        List<StatusPage.Mark> marks = page().dependencies().get(1).marks();
        assertThat(marks).hasSize(RecentResults.SIZE);
        assertThat(marks.subList(0, 58)).allMatch(m -> m.css().equals("none"));
        assertThat(marks.get(58).css()).isEqualTo("ok");
        assertThat(marks.get(58).title()).isEqualTo("2026-03-01 03:00:00Z · up · 4.0 ms");
        assertThat(marks.get(59).css()).isEqualTo("bad");
        assertThat(marks.get(59).title()).isEqualTo("2026-03-01 03:00:01Z · down · 9.0 ms · connection refused");
        for (int i = 0; i < 70; i++) {
            up(redis);
        }
        assertThat(page().dependencies().get(1).marks()).hasSize(RecentResults.SIZE).allMatch(m -> m.css().equals("ok"));
    }

    @Test
    void theTimelineHasTimesOffsetsAndGaps() {
        Map<String, Object> incident = Map.of("id", "incident-1-1", "rule", "health_check_failure", "manual", false, "reason", "redis down",
                "first_failed_probe", "2026-03-01T02:59:30Z", "fired_at", "2026-03-01T03:00:00Z", "detection_seconds", 30.0,
                "recovery_seconds", 12.5, "timeline", List.of(
                        Map.of("at", "2026-03-01T03:00:00Z", "event", "FailoverFired", "message", "fired"),
                        Map.of("at", "2026-03-01T03:00:12.500Z", "event", "DnsWritten", "message", "written")));
        StatusPage.IncidentPanel panel = FailoverPanels.incident(incident, clock.instant().plusSeconds(60));
        assertThat(panel.open()).isTrue();
        assertThat(panel.summary()).isEqualTo("fired 2026-03-01 03:00:00Z · detection 30s · recovery 12s · open for 1m00s");
        assertThat(panel.timeline()).extracting(StatusPage.TimelineRow::offset).containsExactly("T+30s", "T+42s");
        assertThat(panel.timeline()).extracting(StatusPage.TimelineRow::gap).containsExactly("12s", "");
    }

    @Test
    void durationsInShortWords() {
        assertThat(Words.duration(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(Words.duration(Duration.ofMillis(4200))).isEqualTo("4.2s");
        assertThat(Words.duration(Duration.ofSeconds(134))).isEqualTo("2m14s");
        assertThat(Words.duration(Duration.ofMinutes(63))).isEqualTo("1h03m");
        assertThat(Words.duration(Duration.ofHours(52))).isEqualTo("2d04h");
    }

    @Test
    void theBarIsEscapedHtmlMadeOncePerResult() {
        redis.record(ProbeResult.down(Duration.ofMillis(3), "bad <reply> & \"quote\"", Map.of(), clock.instant()));
        StatusPage.DependencyRow row = page().dependencies().get(1);
        assertThat(row.bar()).contains("title=\"2026-03-01 03:00:00Z · down · 3.0 ms · bad &lt;reply&gt; &amp; &quot;quote&quot;\"")
                .doesNotContain("<reply>");
        assertThat(page().dependencies().get(1).bar()).as("the same bar while no new result came").isSameAs(row.bar());
        up(redis);
        assertThat(page().dependencies().get(1).bar()).isNotSameAs(row.bar());
    }
}
