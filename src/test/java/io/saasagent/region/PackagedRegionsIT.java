package io.saasagent.region;

import com.sun.net.httpserver.HttpServer;
import io.saasagent.failover.FailoverAgentConfig;
import io.saasagent.testing.Await;
import io.saasagent.testing.PrivateBind;
import io.saasagent.testing.RunningAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two packaged agents (in CI: the native executable), one per region, each its own quorum with a state file, as an
 * operator runs them without Kubernetes: the primary heartbeats in a real BIND 9, the standby watches the primary's
 * public endpoint and the heartbeat. The whole story in one run: a partition (the endpoint dark, the primary alive)
 * moves nothing; the primary killed moves the record and the heartbeat in one update; the primary restarted adopts
 * the take-over and writes nothing; a failback asked on the primary hands the record and the ownership back.
 */
@Timeout(240)
class PackagedRegionsIT {
    private static final String RECORD = FailoverAgentConfig.RECORD;
    private static final String HEARTBEAT = "_saas-agent." + RECORD;
    private static final String PRIMARY_REGION = "eu-west-1";
    private static final String STANDBY_REGION = "eu-central-1";
    private static final String TOKEN = "admin-" + UUID.randomUUID();

    private PrivateBind bind;
    private HttpServer endpoints;
    /** What the primary's public endpoint answers: 200 while the primary region serves, else nothing useful. */
    private volatile int primaryStatus = 200;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        bind = new PrivateBind().start();
        endpoints = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        endpoints.createContext("/primary/health", x -> {
            x.sendResponseHeaders(primaryStatus, -1);
            x.close();
        });
        endpoints.createContext("/dr/health", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        endpoints.start();
    }

    @AfterEach
    void stop() {
        endpoints.stop(0);
        bind.close();
    }

    private Map<String, String> agent(String role, String region) {
        String base = "http://127.0.0.1:" + endpoints.getAddress().getPort();
        Map<String, String> p = FailoverAgentConfig.properties("active", "redis://127.0.0.1:6379", "http", base + "/dr/health");
        p.put("agent.failover.provider", "rfc2136");
        p.put("agent.failover.rfc2136.server", bind.server());
        p.put("agent.failover.rfc2136.zone", bind.zone());
        p.put("agent.failover.rfc2136.tsig-key-name", PrivateBind.KEY);
        p.put("agent.failover.rfc2136.tsig-secret", bind.secret());
        p.put("agent.failover.state-file", dir.resolve(role + ".json").toString());
        p.put("agent.admin.token", TOKEN);
        p.put("agent.region.name", region);
        p.put("agent.region.role", role);
        p.put("agent.region.heartbeat-interval", "500ms");
        p.put("agent.region.fence-after", "2s");
        p.put("agent.region.takeover-after", "5s");
        for (String d : new String[] {"redis", "dr-api"}) {
            p.put("agent.dependencies." + d + ".interval", "250ms");
        }
        if ("standby".equals(role)) {
            p.put("agent.dependencies.primary-api.type", "http");
            p.put("agent.dependencies.primary-api.url", base + "/primary/health");
            p.put("agent.dependencies.primary-api.interval", "250ms");
            p.put("agent.dependencies.primary-api.timeout", "200ms");
            p.put("agent.region.primary-dependency", "primary-api");
        }
        return p;
    }

    private String heartbeatOwner() {
        return bind.txt(HEARTBEAT).stream().map(Heartbeat::parse).flatMap(java.util.Optional::stream).map(Heartbeat::owner)
                .findFirst().orElse(null);
    }

    private long heartbeatEpoch() {
        return bind.txt(HEARTBEAT).stream().map(Heartbeat::parse).flatMap(java.util.Optional::stream).mapToLong(Heartbeat::epoch)
                .findFirst().orElse(-1);
    }

    private static String decision(RunningAgent agent) {
        return agent.json("/failover").path("region").path("decision").asText();
    }

    @Test
    void aPartitionMovesNothingARegionLostMovesRecordAndHeartbeatOnceAndFailbackHandsOwnershipBack() throws Exception {
        Map<String, String> primaryProps = agent("primary", PRIMARY_REGION);
        RunningAgent primary = RunningAgent.start(primaryProps);
        try (RunningAgent standby = RunningAgent.start(agent("standby", STANDBY_REGION))) {
            Await.until(Duration.ofSeconds(30), "the primary's heartbeat in the zone", () -> PRIMARY_REGION.equals(heartbeatOwner()));
            Await.until(Duration.ofSeconds(30), "the standby sees a healthy primary", () -> "healthy".equals(decision(standby)));
            long epoch = heartbeatEpoch();

            // Partition: the standby loses the primary's endpoint, the primary keeps heartbeating.
            primaryStatus = 503;
            Await.until(Duration.ofSeconds(30), "the standby calls it a partition", () -> "partition".equals(decision(standby)));
            Instant until = Instant.now().plusSeconds(12); // > 2 x takeover-after
            Await.until(Duration.ofSeconds(20), "12 s of partition", () -> Instant.now().isAfter(until));
            assertThat(bind.a(RECORD)).as(standby.log()).containsExactly(FailoverAgentConfig.PRIMARY);
            assertThat(heartbeatOwner()).isEqualTo(PRIMARY_REGION);

            // Region lost: the primary's agent gone as well.
            long serial = bind.serial();
            primary.kill();
            Await.until(Duration.ofSeconds(30), "the standby took over", () -> FailoverAgentConfig.DR.equals(String.join(",", bind.a(RECORD))));
            assertThat(heartbeatOwner()).isEqualTo(STANDBY_REGION);
            assertThat(heartbeatEpoch()).isEqualTo(epoch + 1);
            assertThat(bind.serial()).as("record and heartbeat in one update").isEqualTo(serial + 1);
            Await.until(Duration.ofSeconds(10), "failed_over", () -> "failed_over".equals(standby.json("/failover").path("state").asText()));
            assertThat(standby.json("/failover").path("incident").path("rule").asText()).isEqualTo("region_lost");

            // The primary comes back: it adopts the take-over and writes nothing.
            primaryStatus = 200;
            primary = RunningAgent.start(primaryProps);
            RunningAgent back = primary;
            Await.until(Duration.ofSeconds(30), "the primary adopts failed_over", () -> "failed_over".equals(back.json("/failover").path("state").asText()));
            long adopted = bind.serial();
            Instant quiet = Instant.now().plusSeconds(3); // 6 heartbeat intervals
            Await.until(Duration.ofSeconds(10), "3 s", () -> Instant.now().isAfter(quiet));
            assertThat(bind.serial()).as(back.log()).isEqualTo(adopted);
            assertThat(heartbeatOwner()).isEqualTo(STANDBY_REGION);

            // Failback asked on the primary: the record and the ownership go back in one update.
            assertThat(back.post("/failover/failback", TOKEN)).as(back.log()).isEqualTo(200);
            Await.until(Duration.ofSeconds(60), "record back on the primary", () ->
                    FailoverAgentConfig.PRIMARY.equals(String.join(",", bind.a(RECORD))) && PRIMARY_REGION.equals(heartbeatOwner()));
            Await.until(Duration.ofSeconds(30), "the standby adopts the failback", () -> !"failed_over".equals(standby.json("/failover").path("state").asText()));
            assertThat(standby.log() + back.log()).doesNotContain(bind.secret());
        } finally {
            primary.close();
        }
    }
}
