package io.saasagent.failover;

import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.alerting.Alert;
import io.saasagent.config.AgentConfig;
import io.saasagent.config.TestConfigs;
import io.saasagent.coordination.RecordStore;
import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsRecord;
import io.saasagent.probe.ProbeResult;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyState;
import io.saasagent.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One agent's world for engine tests: real dependency states (thresholds, breaker, window) fed with
 * probe results on a clock the test moves, a fake coordinator, an in-memory DNS provider, the alerts.
 * A round is 10 s: every dependency is probed once (unless its circuit is open), then the engine ticks.
 */
final class EngineWorld {
    static final String RECORD = FailoverAgentConfig.RECORD;
    static final String PRIMARY = FailoverAgentConfig.PRIMARY;
    static final String DR = FailoverAgentConfig.DR;
    static final Duration INTERVAL = Duration.ofSeconds(10);

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T12:00:00Z"));
    final Map<String, DependencyState> states = new LinkedHashMap<>();
    final FakeCoordinator coordinator = new FakeCoordinator();
    final MemoryDnsProvider dns;
    final List<Alert> alerts = new CopyOnWriteArrayList<>();
    final FailoverEngine engine;
    final Map<String, Boolean> healthy = new HashMap<>();
    /** Dependencies whose failures are rejections (credentials refused), not outages. */
    final java.util.Set<String> rejecting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Pauses between write attempts move the clock instead of sleeping. */
    final List<Duration> pauses = new CopyOnWriteArrayList<>();

    EngineWorld(String mode) {
        this(mode, Map.of());
    }

    EngineWorld(String mode, Map<String, String> extra) {
        this(mode, extra, RecordStore.memory(), true);
    }

    /** One agent of a fleet whose record is {@code store}; {@code leader}: whether it holds the lease. */
    EngineWorld(String mode, Map<String, String> extra, RecordStore store, boolean leader) {
        this(mode, extra, store, leader, new MemoryDnsProvider(), "agent-0");
    }

    /** One agent of a fleet sharing the record {@code store} and the DNS {@code provider} (a real one, or memory). */
    EngineWorld(String mode, Map<String, String> extra, RecordStore store, boolean leader, DnsProvider provider, String identity) {
        this.dns = provider instanceof MemoryDnsProvider m ? m : new MemoryDnsProvider();
        coordinator.identity = identity;
        Map<String, String> p = FailoverAgentConfig.properties(mode, "redis://127.0.0.1:6379", "http", "http://127.0.0.1:1/health");
        p.putAll(extra);
        AgentConfig config = TestConfigs.valid(p);
        states.putAll(FailoverAgentConfig.states(config, clock, this::sink));
        states.keySet().forEach(name -> healthy.put(name, true));
        dns.records.putIfAbsent(RECORD + "/A", DnsRecord.simple(RECORD, "A", PRIMARY, 60));
        coordinator.store = store;
        coordinator.leader = leader;
        engine = new FailoverEngine(FailoverSettings.from(config), this::snapshots, coordinator, provider, alerts::add, clock, d -> {
            pauses.add(d);
            clock.advance(d);
        });
    }

    private void sink(io.saasagent.state.DependencyEvent e) {
        if (engine != null) {
            engine.onEvent(e);
        }
    }

    List<DependencySnapshot> snapshots() {
        return states.values().stream().map(DependencyState::snapshot).toList();
    }

    DependencySnapshot snapshot(String name) {
        return states.get(name).snapshot();
    }

    /** Probes one dependency now, as the probe loop would; false when its open circuit skipped the probe. */
    boolean probe(String name, boolean ok) {
        DependencyState s = states.get(name);
        if (!s.permitProbe()) {
            return false;
        }
        Duration latency = Duration.ofMillis(ok ? 5 : 2000);
        s.record(ok ? ProbeResult.up(latency, Map.of(), clock.instant())
                : rejecting.contains(name) ? ProbeResult.rejected(latency, "password authentication failed", Map.of(), clock.instant())
                : ProbeResult.down(latency, "connection refused", Map.of(), clock.instant()));
        return true;
    }

    /** 10 s later: every dependency probed with its current health, then a tick. */
    void round() {
        clock.advance(INTERVAL);
        states.keySet().forEach(n -> probe(n, healthy.get(n)));
        engine.tick();
    }

    void rounds(int n) {
        for (int i = 0; i < n; i++) {
            round();
        }
    }

    /** One healthy round, then redis (the primary's critical dependency) fails for {@code rounds} rounds. */
    void primaryFailsFor(int rounds) {
        round();
        set("redis", false);
        rounds(rounds);
    }

    /** The dependency answers again: rounds until its breaker closed and its success threshold is met. */
    void recover(String name) {
        set(name, true);
        for (int i = 0; i < 30 && !(snapshot(name).up() && snapshot(name).consecutiveFailures() == 0); i++) {
            round();
        }
        assertThat(snapshot(name).up()).as(name + " recovered").isTrue();
    }

    void set(String name, boolean ok) {
        healthy.put(name, ok);
    }

    FailoverState state() {
        return engine.state();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> incident() {
        return (Map<String, Object>) engine.view().get("incident");
    }
}
