package io.saasagent.coordination;

import io.saasagent.failover.FailoverEngine;
import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.failover.policy.Outcome;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.config.AgentConfig;
import io.saasagent.config.TestConfigs;
import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsRecord;
import io.saasagent.failover.FailoverAgentConfig;
import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeFactory;
import io.saasagent.probe.ProbeContext;
import io.saasagent.probe.ProbeTarget;
import io.saasagent.state.DependencyEvent;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyState;
import io.saasagent.testing.Await;
import io.saasagent.testing.FaultProxy;
import io.saasagent.testing.MutableClock;
import io.saasagent.testing.PrivateRedis;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Several whole agents in one JVM, as several pods: each has its own dependency states fed by the
 * product's own probes (Redis PING/INFO through its own FaultProxy to the one private redis-server they
 * all depend on, a TCP probe of the DR endpoint), its own failover engine in active mode, and its own
 * KubernetesCoordinator with its own client reaching the one mock API server through its own
 * FaultProxy. All engines point at ONE DNS target that counts writes. Probing is driven in rounds
 * (10 s apart on the engines' clock); the coordinators run in real time, as fabric8's elector does.
 */
final class Fleet implements AutoCloseable {
    static final String RECORD = FailoverAgentConfig.RECORD;
    static final String PRIMARY = FailoverAgentConfig.PRIMARY;
    static final String DR = FailoverAgentConfig.DR;
    static final String FAILURE = "health_check_failure";
    static final Duration ROUND = Duration.ofSeconds(10);
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration RENEW = Duration.ofMillis(1500);
    static final Duration RETRY = Duration.ofMillis(200);
    static final Duration CANDIDATE_RETRY = Duration.ofMillis(300);
    /** Scaled down with the rest: the holder's view of the fleet is refreshed every quarter of it (2 s). */
    static final Duration VERDICT_MAX_AGE = Duration.ofSeconds(8);

    final MockApi api = new MockApi();
    final PrivateRedis redis = new PrivateRedis().start();
    final CountingDns dns = new CountingDns(DnsRecord.simple(RECORD, "A", PRIMARY, 60));
    /** The engines' and dependency states' time: a round moves it 10 s. */
    final MutableClock clock = new MutableClock(Instant.now());
    final List<Agent> agents = new ArrayList<>();
    private final PublicEndpoint drEndpoint;

    private final String mode;
    private final Map<String, String> extra;
    /** Each agent's own DNS provider, by agent name: the counting target, or a real provider (one per agent, as pods). */
    private final Function<String, DnsProvider> dnsFor;

    Fleet(int size) {
        this(size, "active", Map.of());
    }

    /** {@code size} agents in {@code mode}, with {@code extra} properties (more dependencies, scaled intervals). */
    Fleet(int size, String mode, Map<String, String> extra) {
        this(size, mode, extra, null);
    }

    /**
     * As above, each agent writing through {@code dnsFor.apply(agentName)} ({@code null}: the fleet's {@link CountingDns});
     * {@code extra} may point the {@code dr-api} dependency elsewhere and add dependencies (a region's endpoints).
     */
    Fleet(int size, String mode, Map<String, String> extra, Function<String, DnsProvider> dnsFor) {
        this.mode = mode;
        this.extra = extra;
        this.dnsFor = dnsFor != null ? dnsFor : dns::as;
        // The DR region's endpoint (an http dependency, as the DR target must be): 200 to every GET.
        drEndpoint = new PublicEndpoint();
        for (int i = 0; i < size; i++) {
            agents.add(new Agent("agent-" + i, FaultProxy.Mode.PASS, false));
        }
    }

    /** One agent: its own probes, states, engine and coordinator; links it owns to Redis and to the API. */
    final class Agent implements AutoCloseable {
        final String name;
        final FaultProxy redisLink = FaultProxy.to(redis.port());
        final FaultProxy apiLink = FaultProxy.to(api.port());
        final Map<String, DependencyState> states = new LinkedHashMap<>();
        /** What this agent paged (opened and resolved). */
        final List<io.saasagent.alerting.Alert> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
        final KubernetesCoordinator coordinator;
        final FailoverEngine engine;
        private final Map<String, Probe> probes = new LinkedHashMap<>();
        private volatile boolean alive = true;
        private FailoverEngine wired;
        /** The engine's own thread (as FailoverService runs it) when the agent is asynchronous; null: driven by round(). */
        final io.saasagent.failover.EngineThread thread;

        /** An agent whose API link starts in {@code apiMode}; {@code async}: probes hand over to the engine's own thread. */
        Agent(String name, FaultProxy.Mode apiMode, boolean async) {
            this.name = name;
            apiLink.set(apiMode);
            Map<String, String> p = FailoverAgentConfig.properties(mode, "redis://" + redisLink.hostPort(),
                    "http", drEndpoint.directUrl());
            p.put("agent.dependencies.redis.timeout", PROBE_TIMEOUT.toMillis() + "ms");
            p.putAll(extra);
            AgentConfig config = TestConfigs.valid(p);
            states.putAll(FailoverAgentConfig.states(config, clock, this::event));
            // The product's own probes (Redis PING + INFO on a long-lived connection, TCP connect); neither needs Vert.x.
            config.dependencies().keySet().forEach(dep -> probes.put(dep,
                    ProbeFactory.create(ProbeTarget.of(dep, config, clock), new ProbeContext(null))));
            api.createPod(name, true);
            coordinator = new KubernetesCoordinator(api.clientAt(apiLink.port()),
                    MockApi.settings(name, LEASE, RENEW, RETRY, CANDIDATE_RETRY, VERDICT_MAX_AGE, Duration.ZERO), Clock.systemUTC()).start();
            engine = new FailoverEngine(FailoverSettings.from(config), this::snapshots, coordinator, dnsFor.apply(name), alerts::add, clock,
                    clock::advance);
            thread = async ? new io.saasagent.failover.EngineThread(engine, "engine-" + name).ticking(Duration.ofMillis(100)) : null;
            wired = engine;
        }

        private void event(DependencyEvent e) {
            if (thread != null) {
                thread.onEvent(e);
            } else if (wired != null) {
                wired.onEvent(e);
            }
        }

        List<DependencySnapshot> snapshots() {
            return states.values().stream().map(DependencyState::snapshot).toList();
        }

        /** Probes every dependency (unless its circuit is open), then lets the engine tick. */
        void round() {
            if (!alive) {
                return;
            }
            states.forEach((dep, state) -> {
                if (state.permitProbe()) {
                    state.record(probes.get(dep).check());
                }
            });
            if (thread == null) {
                engine.tick();
            }
        }

        FailoverState state() {
            return engine.state();
        }

        boolean leading() {
            return alive && coordinator.leading();
        }

        /** Killed like a pod: it stops at once, says nothing more to the API (no lease release), and its pod goes. */
        void kill() {
            alive = false;
            apiLink.set(FaultProxy.Mode.REFUSE);
            coordinator.close();
            api.admin().pods().inNamespace(MockApi.NAMESPACE).withName(name).delete();
        }

        boolean alive() {
            return alive;
        }

        @Override
        public void close() {
            alive = false;
            if (thread != null) {
                thread.close();
            }
            probes.values().forEach(probe -> {
                try {
                    probe.close();
                } catch (Exception e) {
                    // closing a test agent
                }
            });
            coordinator.close();
            redisLink.close();
            apiLink.close();
        }
    }

    /** Starts one more agent (a pod started, or restarted under a new name), its API link in {@code apiMode}. */
    Agent add(String name, FaultProxy.Mode apiMode, boolean async) {
        Agent a = new Agent(name, apiMode, async);
        agents.add(a);
        return a;
    }

    /** One round: 10 s later on the engines' clock, every live agent probes and ticks. */
    void round() {
        clock.advance(ROUND);
        agents.forEach(Agent::round);
    }

    /** One round at {@code now} (a real-time driver sets the clock instead of moving it by 10 s). */
    void roundAt(Instant now) {
        clock.set(now);
        agents.forEach(Agent::round);
    }

    /** Rounds until {@code condition} holds, within a bound of real time. */
    void roundsUntil(Duration max, String what, BooleanSupplier condition) {
        Await.until(max, what, () -> {
            round();
            return condition.getAsBoolean();
        });
    }

    void rounds(int n) {
        for (int i = 0; i < n; i++) {
            round();
        }
    }

    /** The one live agent holding the lease, once there is exactly one. */
    Agent leader() {
        return Await.value(Duration.ofSeconds(15), "exactly one live leader", () -> {
            List<Agent> leading = agents.stream().filter(Agent::leading).toList();
            return leading.size() == 1 ? Optional.of(leading.get(0)) : Optional.empty();
        });
    }

    List<Agent> others(Agent agent) {
        return agents.stream().filter(a -> a != agent).toList();
    }

    /** Total of one outcome (written, unchanged, refused_no_quorum, ...) over every engine. */
    long outcomes(Outcome result) {
        return agents.stream().mapToLong(a -> a.engine.outcomeCount(result)).sum();
    }

    boolean eventOn(Agent agent, String reason) {
        return api.eventsOn(agent.name).stream().anyMatch(e -> reason.equals(e.getReason()));
    }

    String eventMessage(Agent agent, String reason) {
        return api.eventsOn(agent.name).stream().filter(e -> reason.equals(e.getReason())).findFirst().orElseThrow().getMessage();
    }

    @Override
    public void close() throws IOException {
        agents.forEach(Agent::close);
        redis.close();
        drEndpoint.close();
        api.close();
    }
}
