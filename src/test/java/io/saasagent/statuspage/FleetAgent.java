package io.saasagent.statuspage;

import io.saasagent.config.AgentConfig;
import io.saasagent.config.TestConfigs;
import io.saasagent.coordination.Coordinator;
import io.saasagent.coordination.Decision;
import io.saasagent.coordination.QuorumDecision;
import io.saasagent.coordination.RecordStore;
import io.saasagent.coordination.Verdict;
import io.saasagent.failover.FailoverAgentConfig;
import io.saasagent.failover.FailoverEngine;
import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.failover.record.PublicIncident;
import io.saasagent.probe.ProbeResult;
import io.saasagent.state.DependencyState;
import io.saasagent.testing.MutableClock;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One agent of a fleet for the publisher's tests: real dependency states (a critical redis, the DR endpoint
 * as the DR dependency) and a real failover engine in passive mode on the test's clock, whose record is the
 * fleet's shared {@link RecordStore}; the lease is the test's to give. Its publisher reads the engine's view
 * and keeps its link in the record, as the running agent does.
 */
final class FleetAgent implements Coordinator {
    static final Duration ROUND = Duration.ofSeconds(10);

    final MutableClock clock;
    final FailoverEngine engine;
    final Map<String, DependencyState> states = new LinkedHashMap<>();
    private final RecordStore store;
    private final String identity;
    volatile boolean leader;
    volatile boolean redisUp = true;
    volatile boolean drUp = true;

    FleetAgent(String identity, RecordStore store, MutableClock clock, boolean leader) {
        this.identity = identity;
        this.store = store;
        this.clock = clock;
        this.leader = leader;
        Map<String, String> p = FailoverAgentConfig.properties("passive", "redis://127.0.0.1:6379", "http", "http://127.0.0.1:1/health");
        AgentConfig config = TestConfigs.valid(p);
        states.putAll(FailoverAgentConfig.states(config, clock, e -> { }));
        engine = new FailoverEngine(FailoverSettings.from(config), () -> states.values().stream().map(DependencyState::snapshot).toList(),
                this, null, a -> { }, clock, d -> clock.advance(d));
    }

    /** Every dependency probed with its current health, then the engine's tick (the clock is the fleet's to move). */
    void probeAndTick() {
        probe("redis", redisUp);
        probe("dr-api", drUp);
        engine.tick();
    }

    private void probe(String name, boolean ok) {
        DependencyState s = states.get(name);
        if (s.permitProbe()) {
            s.record(ok ? ProbeResult.up(Duration.ofMillis(5), Map.of(), clock.instant())
                    : ProbeResult.down(Duration.ofMillis(5), "connection refused", Map.of(), clock.instant()));
            engine.onProbe(s.snapshot());
        }
    }

    FailoverState state() {
        return engine.state();
    }

    FailoverFacts facts() {
        return FailoverFacts.of(engine.view(), states.get("dr-api").snapshot().up());
    }

    /** The record, through the engine, as StatuspageService links it (the engine runs on the caller's thread here). */
    IncidentLinks links() {
        return new IncidentLinks() {
            @Override
            public Optional<PublicIncident> current() {
                return Optional.ofNullable(engine.publicIncident());
            }

            @Override
            public void save(PublicIncident link) {
                engine.linkPublicIncident(link);
            }
        };
    }

    // ---- Coordinator: the lease is the test's, the quorum always agrees ---------------------------

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public RecordStore recordStore() {
        return store;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public void publishVerdict(Verdict verdict) {
        // one fleet of agreeing agents
    }

    @Override
    public QuorumDecision quorum(String failure) {
        return new QuorumDecision(true, 2, 2, List.of(identity), "the test's fleet agrees");
    }

    @Override
    public void record(Decision decision) {
        // decisions are the engine tests' subject
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("mode", "test", "identity", identity, "holder", leader ? identity : "another");
    }
}
