package io.saasagent.failover.control;

import io.saasagent.config.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(5)
class AdminTokenTest {

    private static AdminToken token(Map<String, String> properties) {
        AdminToken t = new AdminToken();
        t.config = TestConfigs.agent(properties);
        t.load();
        return t;
    }

    @Test
    void noTokenConfiguredDisablesTheControlEndpoints() {
        AdminToken t = token(Map.of());
        assertThat(t.check("Bearer anything")).isEqualTo(AdminToken.Check.DISABLED);
        assertThat(t.check(null)).isEqualTo(AdminToken.Check.DISABLED);
    }

    @Test
    void onlyTheExactBearerTokenPasses() {
        AdminToken t = token(Map.of("agent.admin.token", "s3cret-token"));
        assertThat(t.check("Bearer s3cret-token")).isEqualTo(AdminToken.Check.OK);
        assertThat(t.check("bearer s3cret-token")).as("the scheme is case-insensitive").isEqualTo(AdminToken.Check.OK);
        assertThat(t.check("Bearer s3cret-toke")).isEqualTo(AdminToken.Check.WRONG);
        assertThat(t.check("Bearer s3cret-token-and-more")).isEqualTo(AdminToken.Check.WRONG);
        assertThat(t.check("Basic czNjcmV0LXRva2Vu")).isEqualTo(AdminToken.Check.MISSING);
        assertThat(t.check("Bearer ")).isEqualTo(AdminToken.Check.MISSING);
        assertThat(t.check(null)).isEqualTo(AdminToken.Check.MISSING);
    }

    @Test
    void theTokenMayComeFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "from-a-file\n");
        AdminToken t = token(Map.of("agent.admin.token-file", file.toString()));
        assertThat(t.check("Bearer from-a-file")).isEqualTo(AdminToken.Check.OK);
    }
}
