package io.saasagent.status;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.saasagent.health.HealthSurfaceProfile;
import io.saasagent.health.StubDependencies;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /status on the health-surface profile (five dependencies, one of them rejecting a canary key): one
 * HTML page naming every dependency with its status and a 60-cell bar, a Content-Security-Policy that
 * allows only the page's own inline style and script by their hashes, no control on it, and 404 for
 * anything else under /status/.
 */
@QuarkusTest
@TestProfile(HealthSurfaceProfile.class)
@Timeout(60)
class StatusPageTest {
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);
    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

    @Test
    void everyDependencyWithItsStatusAndItsBar() {
        Await.until(Duration.ofSeconds(30), "billing rejected and every dependency probed", () -> {
            io.restassured.path.json.JsonPath saas = get("/health/saas").jsonPath();
            return saas.getInt("billing.consecutive_failures") > 0 && !"unknown".equals(saas.getString("queue.status"));
        });
        Response page = get("/status");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String html = page.asString();
        for (String name : new String[] {"api", "edge", "billing", "cache", "queue"}) {
            assertThat(html).as(name).containsPattern("<tr id=\"dep-" + name + "\" class=\"dependency\" data-status=\"[a-z_]+\">");
            Matcher row = Pattern.compile("<tr id=\"dep-" + name + "\".*?</tr>", Pattern.DOTALL).matcher(html);
            assertThat(row.find()).isTrue();
            assertThat(row.group()).as(name + " has 60 cells").containsPattern("(<span class=\"(ok|warn|bad|none)\" title=\"[^\"]*\"></span>){60}");
            assertThat(row.group()).as(name + " shows its status").containsPattern("data-status=\"(healthy|degraded|unhealthy|circuit_open)\"");
            assertThat(row.group()).as(name + " probed at least once").containsPattern("<span class=\"(ok|warn|bad)\" title=\"20");
        }
        Matcher billing = Pattern.compile("<tr id=\"dep-billing\".*?</tr>", Pattern.DOTALL).matcher(html);
        assertThat(billing.find()).isTrue();
        assertThat(billing.group()).as("billing rejects the key: down, rejected, its redacted error shown")
                .containsPattern("data-status=\"(unhealthy|circuit_open)\"").contains("<td>rejected</td>").contains("unauthorized");
        assertThat(html).doesNotContain(StubDependencies.CANARY);
        assertThat(html).contains("id=\"overall\"").contains("Rendered by").contains("id=\"failover-state\"");
        // Read-only: no form, no button, nothing that posts.
        assertThat(html).doesNotContain("<form").doesNotContain("<button").doesNotContainIgnoringCase("method=\"post\"");
        // Nothing from elsewhere: no src or stylesheet link at all.
        assertThat(html).doesNotContain("src=").doesNotContain("rel=\"stylesheet\"").doesNotContain("//fonts.");
    }

    @Test
    void theContentSecurityPolicyAllowsOnlyThePagesOwnStyleAndScript() {
        Response page = get("/status");
        String csp = page.header("Content-Security-Policy");
        String html = page.asString();
        Matcher style = STYLE.matcher(html);
        Matcher script = SCRIPT.matcher(html);
        assertThat(style.find()).isTrue();
        assertThat(script.find()).isTrue();
        assertThat(csp).startsWith("default-src 'none';")
                .contains("style-src '" + PageAssets.sha256(style.group(1)) + "'")
                .contains("script-src '" + PageAssets.sha256(script.group(1)) + "'")
                .contains("frame-ancestors 'none'").contains("form-action 'none'").contains("base-uri 'none'")
                .doesNotContain("unsafe").doesNotContain("http").doesNotContain("*");
        assertThat(style.find()).as("one style block only").isFalse();
        assertThat(script.find()).as("one script block only").isFalse();
        assertThat(html).as("no inline style attribute (the hash would not allow it)").doesNotContain(" style=\"");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void otherPathsUnderStatusAnswer404() {
        for (String path : new String[] {"/status/", "/status/x", "/status/status.css", "/status/../status/x", "/status.json"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(io.restassured.RestAssured.given().post("/status").statusCode()).as("POST /status").isIn(404, 405);
    }
}
