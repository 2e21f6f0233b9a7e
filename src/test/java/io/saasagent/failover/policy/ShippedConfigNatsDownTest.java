package io.saasagent.failover.policy;

import io.saasagent.config.AgentConfig;
import io.saasagent.config.TestConfigs;
import io.saasagent.probe.Dependency;
import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeContext;
import io.saasagent.probe.ProbeFactory;
import io.saasagent.probe.ProbeResult;
import io.saasagent.state.DependencyRegistry;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyState;
import io.saasagent.testing.PrivateNats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration shipped in the saas-agent Kustomize component (k8s/components) and the primary
 * overlay, as the agent reads it (only the
 * addresses and the secret files are local): the nats cluster's three servers, all killed, raise
 * nats_cluster_down and no dns_failover, as the runbook's matrix says.
 */
@Timeout(60)
class ShippedConfigNatsDownTest {

    private static Map<String, String> shipped() throws Exception {
        Map<String, String> p = new HashMap<>();
        for (Path file : List.of(Path.of("k8s/components/saas-agent/config/application.properties"), Path.of("k8s/overlays/primary/region.properties"))) {
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                props.load(r);
            }
            props.forEach((k, v) -> p.put((String) k, (String) v));
        }
        return p;
    }

    @Test
    void allThreeNatsServersKilledRaiseNatsClusterDownAndNoFailover(@TempDir Path secrets) throws Exception {
        Map<String, String> p = shipped();
        assertThat(p.get("agent.dependencies.nats.url").split(",")).as("the cluster's three servers").hasSize(3);
        // Secret files where the pod mounts them; a Secret holds them there.
        p.replaceAll((k, v) -> v.startsWith("/var/run/secrets/saas-agent/") ? secrets.resolve(Path.of(v).getFileName()).toString() : v);
        for (String key : p.keySet().stream().filter(k -> k.endsWith("-file")).toList()) {
            Files.writeString(Path.of(p.get(key)), "local-Secret-" + key.hashCode());
        }
        PrivateNats[] servers = {new PrivateNats().start(), new PrivateNats().start(), new PrivateNats().start()};
        p.put("agent.dependencies.nats.url", java.util.Arrays.stream(servers).map(PrivateNats::url).collect(Collectors.joining(",")));
        p.put("agent.dependencies.nats.timeout", "500ms");
        AgentConfig config = TestConfigs.valid(p);
        Clock clock = Clock.systemUTC();
        Map<String, Dependency> dependencies = Dependency.all(config, clock);
        assertThat(dependencies.get("nats").failover()).isFalse();
        assertThat(dependencies.get("postgres").failover()).isTrue();

        FailoverSettings settings = FailoverSettings.from(config);
        PolicyRules rules = new PolicyRules(settings.rules(), settings.drDependency(), settings.metricsWindow());
        Map<String, DependencyState> states = new HashMap<>();
        dependencies.forEach((name, d) -> states.put(name, new DependencyState(DependencyRegistry.settings(d, config.metrics().window()),
                clock, e -> { })));
        // Everything but nats answers (their hosts exist only in the cluster): only the nats probe is real.
        states.forEach((name, s) -> {
            if (!name.equals("nats")) {
                s.record(ProbeResult.up(Duration.ofMillis(2), Map.of(), clock.instant()));
            }
        });
        try (Probe nats = ProbeFactory.create(dependencies.get("nats").target(), new ProbeContext(null))) {
            assertThat(nats.check().success()).isTrue();
            servers[0].kill();
            // The check that meets the dropped connection may fail (below any threshold); the next connects to another server.
            ProbeResult failedOver = nats.check();
            if (!failedOver.success()) {
                failedOver = nats.check();
            }
            assertThat(failedOver.success()).as("two of three servers still answer: %s", failedOver.error()).isTrue();
            servers[1].kill();
            servers[2].kill();
            for (int i = 0; i < 5; i++) {
                DependencyState state = states.get("nats");
                state.permitProbe();
                ProbeResult r = nats.check();
                assertThat(r.success()).isFalse();
                state.record(r);
                List<DependencySnapshot> snapshots = states.values().stream().map(DependencyState::snapshot).toList();
                rules.evaluate(snapshots, clock.instant());
                assertThat(rules.firingFailoverRules()).as("probe %d: no dns_failover", i + 1).isEmpty();
            }
        } finally {
            for (PrivateNats s : servers) {
                s.close();
            }
        }
        assertThat(states.get("nats").snapshot().down()).isTrue();
        RuleEvaluation down = rules.current().get("nats_cluster_down");
        assertThat(down.firing()).isTrue();
        assertThat(down.rule().action()).isEqualTo(RuleSpec.Action.ALERT);
        assertThat(down.reason()).contains("nats");
        // error_rate_spike may alert too (nats is critical): every firing rule only alerts.
        assertThat(rules.current().values().stream().filter(RuleEvaluation::firing).map(e -> e.rule().action()))
                .containsOnly(RuleSpec.Action.ALERT);
        assertThat(rules.current().get("health_check_failure").firing()).isFalse();
    }
}
