package io.saasagent.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.saasagent.coordination.RecordStore;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.probe.http.OpenMeterApi;
import io.saasagent.support.HttpCalls;
import io.saasagent.support.Retrier;
import io.saasagent.support.RetryPolicy;
import io.saasagent.testing.MutableClock;
import io.saasagent.testing.RecordingSleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Statuspage publisher against Statuspage's v1 API on WireMock, driven by real failover engines (passive
 * mode) on an injected clock: one incident per failover, an update every update-interval, monitoring once the
 * DR side is healthy, resolved after failback; a hand-over mid-incident updates the same incident; a 5xx is retried.
 */
@Timeout(60)
class StatuspagePublisherTest {
    private static final String KEY = "sp-key-" + Long.toHexString(System.nanoTime());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T03:00:00Z"));
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final RecordStore record = RecordStore.memory();
    private WireMockServer server;
    private StatuspageApi api;

    @BeforeEach
    void start() {
        server = OpenMeterApi.server();
        api = new StatuspageApi(server);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private StatuspageSettings settings(boolean dryRun, String templates) {
        return new StatuspageSettings(URI.create(api.apiUrl() + "/"), StatuspageApi.PAGE, KEY, StatuspageApi.COMPONENT, Duration.ofMinutes(5),
                templates, dryRun, Duration.ofSeconds(2), 100, Duration.ofSeconds(2), Duration.ofMinutes(10));
    }

    private StatuspagePublisher publisher(FleetAgent agent, StatuspageSettings settings) {
        StatuspageClient client = new StatuspageClient(settings, HttpCalls.client(settings.timeout()),
                new Retrier(new RetryPolicy(settings.maxAttempts(), settings.retryBackoff(), Duration.ofMinutes(1)), sleeper), clock);
        return new StatuspagePublisher(settings, client, new StatuspageTexts(settings.templates()), agent::facts, agent.links(), clock);
    }

    /** Rounds of 10 s: every agent probes and ticks, then every publisher ticks. */
    private void rounds(int n, List<FleetAgent> agents, List<StatuspagePublisher> publishers) {
        for (int i = 0; i < n; i++) {
            clock.advance(FleetAgent.ROUND);
            agents.forEach(FleetAgent::probeAndTick);
            publishers.forEach(StatuspagePublisher::tick);
        }
    }

    private void failOver(List<FleetAgent> agents, List<StatuspagePublisher> publishers) {
        rounds(1, agents, publishers);
        agents.forEach(a -> a.redisUp = false);
        rounds(3, agents, publishers);
        assertThat(agents.get(0).state()).isEqualTo(FailoverState.FAILED_OVER);
    }

    /** The primary answers again; failback by hand as soon as the engine accepts it (the breaker closed), then two rounds. */
    private void failBack(FleetAgent holder, List<FleetAgent> agents, List<StatuspagePublisher> publishers) {
        agents.forEach(a -> a.redisUp = true);
        boolean accepted = false;
        for (int i = 0; i < 20 && !accepted; i++) {
            rounds(1, agents, publishers);
            accepted = holder.engine.control("failback", "test").accepted();
        }
        assertThat(accepted).as("failback accepted").isTrue();
        rounds(2, agents, publishers);
        assertThat(holder.state()).isEqualTo(FailoverState.ARMED);
    }

    private static List<String> statuses(List<LoggedRequest> requests) {
        return requests.stream().map(r -> StatuspageApi.incidentOf(r).path("status").asText()).toList();
    }

    @Test
    void oneIncidentPerFailoverUpdatedOnItsCadenceThenMonitoringThenResolved() {
        api.accepting();
        FleetAgent agent = new FleetAgent("agent-0", record, clock, true);
        StatuspagePublisher publisher = publisher(agent, settings(false, null));
        List<FleetAgent> agents = List.of(agent);
        List<StatuspagePublisher> publishers = List.of(publisher);
        agent.drUp = false; // the DR endpoint answers only once traffic moved (below): identified until then
        rounds(1, agents, publishers);
        agent.drUp = true;
        failOver(agents, publishers);
        rounds(1, agents, publishers);

        assertThat(api.creates()).hasSize(1);
        LoggedRequest create = api.creates().get(0);
        assertThat(create.getHeader("Authorization")).isEqualTo("OAuth " + KEY);
        assertThat(create.getHeader("Content-Type")).isEqualTo("application/json");
        JsonNode opened = StatuspageApi.incidentOf(create);
        assertThat(opened.path("name").asText()).isEqualTo("Service Degradation - Failover in Progress");
        assertThat(opened.path("status").asText()).isEqualTo("identified");
        assertThat(opened.path("body").asText()).startsWith("We are experiencing issues with our primary region")
                .contains("Updates will be posted every 5 minutes.");
        assertThat(opened.path("components").path(StatuspageApi.COMPONENT).asText()).isEqualTo("major_outage");
        assertThat(opened.path("component_ids").get(0).asText()).isEqualTo(StatuspageApi.COMPONENT);
        // The DR dependency is healthy behind the 503 (passive): monitoring on the next step, once.
        assertThat(statuses(api.updates())).containsExactly("monitoring");
        assertThat(agent.engine.publicIncident().id()).as("the link in the fleet's record").isEqualTo(StatuspageApi.INCIDENT);
        assertThat(agent.engine.view().get("public_incident").toString()).contains(StatuspageApi.INCIDENT).contains("monitoring");

        // Cadence: nothing more before update-interval has passed since the last post, then one update per interval.
        Instant monitoringAt = api.updates().get(0).getLoggedDate().toInstant();
        rounds(28, agents, publishers); // 4m40s
        assertThat(api.updates()).hasSize(1);
        rounds(3, agents, publishers); // 5m10s
        assertThat(statuses(api.updates())).containsExactly("monitoring", "monitoring");
        JsonNode update = StatuspageApi.incidentOf(api.updates().get(1));
        assertThat(update.path("body").asText()).contains("Failover to our disaster recovery site is in place")
                .containsPattern("detected 5 minutes \\d+ seconds ago").contains("Next update in 5 minutes.");
        assertThat(update.has("components")).as("an update leaves the component alone").isFalse();
        assertThat(update.has("name")).isFalse();
        rounds(30, agents, publishers);
        assertThat(api.updates()).hasSize(3);
        assertThat(monitoringAt).isNotNull();

        // Failback by hand: the incident closes, Statuspage is resolved with the runbook's "Service Restored".
        failBack(agent, agents, publishers);
        List<LoggedRequest> updates = api.updates();
        JsonNode resolved = StatuspageApi.incidentOf(updates.get(updates.size() - 1));
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.path("name").asText()).isEqualTo("Service Restored");
        assertThat(resolved.path("body").asText()).startsWith("Failover to DR region complete. All services operating normally.")
                .contains("Root cause analysis will be shared within 24 hours.");
        assertThat(resolved.path("components").path(StatuspageApi.COMPONENT).asText()).isEqualTo("operational");
        int total = updates.size();
        rounds(40, agents, publishers);
        assertThat(api.updates()).as("nothing after resolved").hasSize(total);
        assertThat(api.creates()).as("one incident per failover").hasSize(1);
        assertThat(updates).allMatch(r -> r.getUrl().endsWith("/incidents/" + StatuspageApi.INCIDENT));
    }

    @Test
    void aNewHolderMidIncidentUpdatesTheSameIncident() {
        api.accepting();
        FleetAgent first = new FleetAgent("agent-0", record, clock, true);
        FleetAgent second = new FleetAgent("agent-1", record, clock, false);
        List<FleetAgent> agents = List.of(first, second);
        List<StatuspagePublisher> publishers = List.of(publisher(first, settings(false, null)), publisher(second, settings(false, null)));
        failOver(agents, publishers);
        assertThat(api.creates()).hasSize(1);
        int before = api.updates().size();

        // agent-0 loses the lease (killed, or its network), agent-1 takes it: it reads the record and carries on.
        first.leader = false;
        second.leader = true;
        rounds(2, agents, publishers);
        assertThat(second.engine.publicIncident()).as("adopted from the fleet's record").isNotNull();
        assertThat(second.engine.publicIncident().id()).isEqualTo(StatuspageApi.INCIDENT);
        rounds(31, agents, publishers);
        assertThat(api.creates()).as("no second incident after the hand-over").hasSize(1);
        assertThat(api.updates().size()).as("the new holder's update").isGreaterThan(before);

        failBack(second, agents, publishers);
        assertThat(statuses(api.updates())).last().isEqualTo("resolved");
        assertThat(api.updates()).allMatch(r -> r.getUrl().endsWith("/incidents/" + StatuspageApi.INCIDENT));
        assertThat(api.creates()).hasSize(1);
    }

    @Test
    void a5xxIsRetriedWithBackoffAndTheIncidentOpenedOnce() {
        server.stubFor(post(urlPathEqualTo(StatuspageApi.INCIDENTS)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("one").willReturn(StatuspageApi.error(503, "Service Unavailable")));
        server.stubFor(post(urlPathEqualTo(StatuspageApi.INCIDENTS)).inScenario("flaky").whenScenarioStateIs("one")
                .willSetStateTo("two").willReturn(StatuspageApi.error(500, "Internal Server Error")));
        server.stubFor(post(urlPathEqualTo(StatuspageApi.INCIDENTS)).inScenario("flaky").whenScenarioStateIs("two")
                .willReturn(StatuspageApi.incident(201, "identified")));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathEqualTo(StatuspageApi.INCIDENTS + "/" + StatuspageApi.INCIDENT))
                .willReturn(StatuspageApi.incident(200, "monitoring")));
        FleetAgent agent = new FleetAgent("agent-0", record, clock, true);
        failOver(List.of(agent), List.of(publisher(agent, settings(false, null))));
        assertThat(api.creates()).hasSize(3);
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(agent.engine.publicIncident().id()).isEqualTo(StatuspageApi.INCIDENT);
    }

    @Test
    void dryRunLogsWhatItWouldPostAndPostsNothing() {
        api.accepting();
        FleetAgent agent = new FleetAgent("agent-0", record, clock, true);
        StatuspagePublisher publisher = publisher(agent, settings(true, null));
        failOver(List.of(agent), List.of(publisher));
        rounds(31, List.of(agent), List.of(publisher));
        assertThat(server.getAllServeEvents()).as("nothing sent").isEmpty();
        assertThat(publisher.posted()).as("open, monitoring, one update: logged").isEqualTo(3);
        assertThat(agent.engine.publicIncident()).as("no link kept for a dry run").isNull();
    }

    @Test
    void theUsersOwnTemplatesReplaceTheShippedOnes(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("failover.txt"), "Title: API failover ({rule})\n\nTraffic moves to {drTarget}.\n");
        api.accepting();
        FleetAgent agent = new FleetAgent("agent-0", record, clock, true);
        failOver(List.of(agent), List.of(publisher(agent, settings(false, dir.toString()))));
        JsonNode opened = StatuspageApi.incidentOf(api.creates().get(0));
        assertThat(opened.path("name").asText()).isEqualTo("API failover (health_check_failure)");
        assertThat(opened.path("body").asText()).isEqualTo("Traffic moves to 198.51.100.10.");

        Files.writeString(dir.resolve("update.txt"), "{#if state}unclosed");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StatuspageTexts(dir.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("agent.statuspage.templates: " + dir.resolve("update.txt") + ": ");
    }
}
