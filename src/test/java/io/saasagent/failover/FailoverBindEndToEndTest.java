package io.saasagent.failover;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.saasagent.testing.Await;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

/**
 * The whole agent, active mode, against real servers: a private redis-server killed for real, a real
 * BIND 9 answering real DNS queries. Must show: after exactly the threshold the rule fires, BIND
 * answers the DR address, one DNS update only while the fault persists, and the timeline shows
 * detection and recovery times. The control API's 401/200/404 are checked first (they leave the
 * policy armed).
 */
@QuarkusTest
@TestProfile(ActiveBindProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverBindEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    @Order(1)
    @Timeout(30)
    void controlApiNeedsTheRightBearerToken() {
        given().post("/failover/disarm").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong-token").post("/failover/disarm").then().statusCode(401);
        given().header("Authorization", "Bearer " + BindFailoverWorld.TOKEN).post("/failover/disarm").then()
                .statusCode(200).body("accepted", equalTo(true)).body("state", equalTo("disarmed"));
        given().header("Authorization", "Bearer " + BindFailoverWorld.TOKEN).post("/failover/arm").then()
                .statusCode(200).body("state", equalTo("armed"));
        given().header("Authorization", "Bearer " + BindFailoverWorld.TOKEN).post("/failover/arm").then()
                .statusCode(409).body("accepted", equalTo(false));
        given().header("Authorization", "Bearer " + BindFailoverWorld.TOKEN).post("/circuits/ghost/reset").then().statusCode(404);
        given().header("Authorization", "Bearer " + BindFailoverWorld.TOKEN).post("/circuits/redis/reset").then()
                .statusCode(200).body("circuit", equalTo("closed"));
        given().header("Authorization", "Bearer " + BindFailoverWorld.TOKEN).post("/failover/explode").then().statusCode(404);

        String view = given().get("/failover").then().statusCode(200).extract().asString();
        assertThat(view).contains("operator 127.0.0.1 disarm").contains("POST /circuits/redis/reset from 127.0.0.1: 200")
                .contains("wrong)").doesNotContain(BindFailoverWorld.TOKEN).doesNotContain("wrong-token");
    }

    @Test
    @Order(2)
    @Timeout(60)
    void killedRedisMovesTheRecordToDrOnceAndTheTimelineShowsDetectionAndRecovery() throws Exception {
        String server = config("agent.failover.rfc2136.server");
        Await.until(WAIT, "both dependencies probed healthy and the policy armed", () -> {
            JsonPath health = given().get("/health/saas").then().extract().jsonPath();
            return "healthy".equals(health.getString("redis.status")) && "healthy".equals(health.getString("dr-api.status"))
                    && "armed".equals(given().get("/failover").then().extract().jsonPath().getString("state"));
        });
        long serialBefore = serial(server);
        assertThat(answer(server, "api.example.test.")).containsExactly("192.0.2.10");

        long pid = Long.parseLong(config("test.redis.pid"));
        ProcessHandle redis = ProcessHandle.of(pid).orElseThrow();
        redis.destroyForcibly();
        Await.until(Duration.ofSeconds(10), "redis-server " + pid + " gone", () -> !redis.isAlive());

        Await.until(WAIT, "state failed_over", () -> "failed_over".equals(failover().getString("state")));
        assertThat(answer(server, "api.example.test.")).as("BIND answers the DR address").containsExactly("198.51.100.10");

        JsonPath fired = failover();
        List<Map<String, Object>> timeline = fired.getList("incident.timeline");
        assertThat(timeline).filteredOn(e -> "FailoverFired".equals(e.get("event"))).singleElement()
                .satisfies(e -> assertThat(e.get("message").toString()).contains("redis: circuit_open after 3 consecutive failures"));

        int failuresAtFailover = given().get("/health/saas").then().extract().jsonPath().getInt("redis.consecutive_failures");
        Await.until(WAIT, "6 more failed redis probes after the failover", () ->
                given().get("/health/saas").then().extract().jsonPath().getInt("redis.consecutive_failures") >= failuresAtFailover + 6);
        long updates = serial(server) - serialBefore;
        assertThat(updates).as("one DNS update while the fault persists (SOA serial)").isEqualTo(1);
        long logged = Files.readAllLines(Path.of(config("test.bind.log"))).stream()
                .filter(l -> l.contains("updating zone") && l.contains("adding an RR")).count();
        assertThat(logged).as("one record added, in BIND's own log").isEqualTo(1);
        assertThat(failover().getString("state")).isEqualTo("failed_over");

        Await.until(WAIT, "recovery measured", () -> failover().get("incident.recovery_seconds") != null);
        JsonPath done = failover();
        double detection = done.getDouble("incident.detection_seconds");
        double recovery = done.getDouble("incident.recovery_seconds");
        assertThat(detection).as("two probe intervals after the first failure, give or take").isBetween(0.3, 5.0);
        assertThat(recovery).isBetween(0.0, 5.0);
        assertThat(done.getString("incident.first_failed_probe")).isNotNull();
        assertThat(done.getString("incident.dns_submitted")).isNotNull();
        assertThat(done.getString("incident.dns_verified")).isNotNull();
        assertThat(done.getString("incident.dr_healthy")).isNotNull();
        assertThat(done.getString("contracts.api_recovery.verdict")).isEqualTo("PASS");
        assertThat(done.getString("fired_rule.name")).isEqualTo("health_check_failure");
        assertThat(done.getString("coordination.mode")).isEqualTo("single");
        System.out.printf("BIND end-to-end: detection %.3f s, recovery %.3f s, DNS updates %d (SOA serial %d -> %d), decisions %s%n",
                detection, recovery, updates, serialBefore, serial(server),
                timeline.stream().map(e -> e.get("event")).toList());

        given().get("/health/saas").then().statusCode(503).body("failover.state", equalTo("failed_over"))
                .body("failover.last_incident.recovery_verdict", equalTo("PASS"));
        given().get("/health/failover").then().statusCode(200); // active mode: the agent moved DNS itself
        String metrics = RestAssured.get("/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("saas_failover_state 3.0")
                .contains("saas_failover_total{mode=\"active\",result=\"written\"} 1.0")
                .contains("saas_failover_total{mode=\"active\",result=\"refused_no_quorum\"} 0.0");
        assertThat(metric(metrics, "saas_failover_detection_seconds")).isCloseTo(detection, within(0.001));
        assertThat(metric(metrics, "saas_failover_recovery_seconds")).isCloseTo(recovery, within(0.001));
    }

    private static double metric(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + " ")).map(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in /metrics"));
    }

    private static JsonPath failover() {
        return given().get("/failover").then().statusCode(200).extract().jsonPath();
    }

    private static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    private static List<String> answer(String server, String name) throws Exception {
        return query(server, name, Type.A).stream().map(Record::rdataToString).toList();
    }

    private static long serial(String server) throws Exception {
        return query(server, "example.test.", Type.SOA).stream().filter(r -> r instanceof SOARecord)
                .map(r -> ((SOARecord) r).getSerial()).findFirst().orElseThrow();
    }

    /** A real DNS query to BIND, recursion off. */
    private static List<Record> query(String server, String name, int type) throws Exception {
        String[] hostPort = server.split(":");
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
        resolver.setTimeout(Duration.ofSeconds(2));
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        query.getHeader().unsetFlag(Flags.RD);
        return resolver.send(query).getSection(Section.ANSWER);
    }
}
