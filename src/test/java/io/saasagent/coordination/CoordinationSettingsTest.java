package io.saasagent.coordination;

import io.saasagent.config.AgentConfig;
import io.saasagent.config.ConfigError;
import io.saasagent.config.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which coordinator runs, where its identity and namespace come from, and the keys' validation. */
class CoordinationSettingsTest {
    @TempDir
    Path serviceAccount;

    private static AgentConfig.Coordination config(Map<String, String> p) {
        return TestConfigs.agent(p).coordination();
    }

    @Test
    void autoIsKubernetesInsideAPodAndSingleOutside() {
        Map<String, String> env = new HashMap<>();
        assertThat(CoordinationMode.choose("auto", env::get, serviceAccount)).isEqualTo(CoordinationMode.SINGLE);
        env.put("POD_NAME", "api-7d9f-x2");
        assertThat(CoordinationMode.choose("auto", env::get, serviceAccount)).isEqualTo(CoordinationMode.KUBERNETES);
        assertThat(CoordinationMode.choose("none", env::get, serviceAccount)).isEqualTo(CoordinationMode.SINGLE);
        assertThat(CoordinationMode.choose("kubernetes", Map.<String, String>of()::get, serviceAccount)).isEqualTo(CoordinationMode.KUBERNETES);
    }

    @Test
    void aMountedServiceAccountTokenAloneMeansAPod() throws IOException {
        Files.writeString(serviceAccount.resolve("token"), "not-read");
        assertThat(CoordinationMode.choose("auto", Map.<String, String>of()::get, serviceAccount)).isEqualTo(CoordinationMode.KUBERNETES);
    }

    @Test
    void identityAndNamespaceComeFromTheDownwardApi() {
        Map<String, String> env = Map.of("POD_NAME", "api-1", "POD_NAMESPACE", "prod", "POD_UID", "u-1", "HOSTNAME", "other");
        CoordinationSettings s = CoordinationSettings.resolve(config(Map.of()), env::get, serviceAccount, "from-kubeconfig");
        assertThat(s.identity()).isEqualTo("api-1");
        assertThat(s.namespace()).isEqualTo("prod");
        assertThat(s.podUid()).isEqualTo("u-1");
        assertThat(s.leaseName()).isEqualTo("saas-agent-failover");
        assertThat(s.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.candidateRetryPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.verdictMaxAge()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.eventMinInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.peerSelector()).isEqualTo("app.kubernetes.io/name=saas-api");
    }

    @Test
    void configuredKeysWinThenHostNameAndTheServiceAccountsNamespaceFile() throws IOException {
        Files.writeString(serviceAccount.resolve("namespace"), "sa-ns\n");
        CoordinationSettings fromFiles = CoordinationSettings.resolve(config(Map.of()), Map.of("HOSTNAME", "api-2")::get,
                serviceAccount, "from-kubeconfig");
        assertThat(fromFiles.identity()).isEqualTo("api-2");
        assertThat(fromFiles.namespace()).isEqualTo("sa-ns");

        CoordinationSettings configured = CoordinationSettings.resolve(config(Map.of("agent.coordination.pod-name", "p",
                "agent.coordination.namespace", "n")), Map.of("POD_NAME", "api-1", "POD_NAMESPACE", "prod")::get, serviceAccount, null);
        assertThat(configured.identity()).isEqualTo("p");
        assertThat(configured.namespace()).isEqualTo("n");
    }

    @Test
    void withoutANamespaceAnywhereStartUpNamesTheKey() {
        assertThatThrownBy(() -> CoordinationSettings.resolve(config(Map.of()), Map.of("POD_NAME", "api-1")::get, serviceAccount, null))
                .isInstanceOf(CoordinationSettings.Unresolved.class)
                .hasMessageStartingWith("agent.coordination.namespace: not set and POD_NAMESPACE unknown");
    }

    @Test
    void badCoordinationValuesNameTheirKey() {
        Map<String, String> p = new HashMap<>();
        p.put("agent.coordination.mode", "zookeeper");
        p.put("agent.coordination.candidate-retry-period", "0s");
        p.put("agent.coordination.verdict-max-age", "-1s");
        p.put("agent.coordination.retry-period", "5s");
        p.put("agent.coordination.event-min-interval", "-1s");
        p.put("agent.coordination.peer-selector", " ");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                "agent.coordination.mode: unknown value 'zookeeper', expected one of auto, kubernetes, none",
                "agent.coordination.candidate-retry-period: must be positive, got PT0S",
                "agent.coordination.verdict-max-age: must be positive, got PT-1S",
                "agent.coordination.event-min-interval: must not be negative",
                "agent.coordination.retry-period: must be less than renew-deadline / 2.2 (PT10S), or the holder cannot renew in time",
                "agent.coordination.peer-selector: must not be blank: it finds the peer agents' pods");
    }
}
