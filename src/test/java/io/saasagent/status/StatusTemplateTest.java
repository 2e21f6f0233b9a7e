package io.saasagent.status;

import io.saasagent.config.DependencyType;
import io.saasagent.probe.ProbeResult;
import io.saasagent.state.DependencyState;
import io.saasagent.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's template on Qute's engine alone: what a dependency says is escaped, the shipped CSS and script are not. */
@Timeout(10)
class StatusTemplateTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T03:00:00Z"));

    @Test
    void aHostileErrorIsEscapedAndTheShippedAssetsAreNot() {
        DependencyState api = new DependencyState(new DependencyState.Settings("api<b>", DependencyType.HTTP, true, 3, 2,
                Duration.ofSeconds(30), 2.0, Duration.ofMinutes(2), Duration.ofMinutes(5)), clock, e -> { });
        api.record(ProbeResult.down(Duration.ofMillis(9), "bad <script>alert(1)</script> & \"quote\"", Map.of(), clock.instant()));
        PageAssets assets = PageAssets.load();
        String html = StatusTemplate.render(StatusPages.build(List.of(new StatusPages.Dependency(api.snapshot(), api.recent())),
                null, null, null, clock.instant(), assets));

        assertThat(html).doesNotContain("<script>alert(1)").doesNotContain("api<b>")
                .contains("bad &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quote&quot;")
                .contains("api&lt;b&gt;");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<section id=\"dependencies\">").endsWith("</html>\n");
        assertThat(html).as("the CSS as shipped, not escaped").contains(firstLine(assets.css()));
        assertThat(html).contains("<script>");
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
