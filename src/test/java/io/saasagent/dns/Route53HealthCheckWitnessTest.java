package io.saasagent.dns;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.saasagent.config.AgentConfig;
import io.saasagent.config.TestConfigs;
import io.saasagent.testing.MutableClock;
import io.saasagent.testing.RecordingSleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.saasagent.dns.Route53Api.error;
import static io.saasagent.dns.Route53Api.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The region witness reading Route 53's GetHealthCheckStatus, through dns.Route53Http, on WireMock in Route 53's XML. */
@Timeout(30)
class Route53HealthCheckWitnessTest {
    private static final String HEALTH_CHECK = "abcdef11-2222-3333-4444-555555fedcba";
    private static final String STATUS_PATH = "/2013-04-01/healthcheck/" + HEALTH_CHECK + "/status";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYcanary0Key";
    private WireMockServer server;
    private MutableClock clock;
    private Route53HealthCheckWitness witness;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        clock = new MutableClock();
    }

    @AfterEach
    void stop() {
        if (witness != null) {
            witness.close();
        }
        server.stop();
    }

    private AgentConfig config() {
        Map<String, String> p = Route53Api.config(server, "api.example.test.", "192.0.2.10", "198.51.100.10", SECRET_KEY);
        p.put("agent.failover.provider", "rfc2136");
        p.put("agent.region.name", "us-east-1");
        p.put("agent.region.role", "standby");
        p.put("agent.region.witness", "route53-health-check");
        p.put("agent.region.witness-health-check-id", HEALTH_CHECK);
        return TestConfigs.agent(p);
    }

    private Route53HealthCheckWitness witness() {
        witness = Route53HealthCheckWitness.create(config(), null, clock);
        return witness;
    }

    private static MappingBuilder status() {
        return get(urlPathEqualTo(STATUS_PATH));
    }

    private int statusCalls() {
        return server.findAll(getRequestedFor(urlPathEqualTo(STATUS_PATH))).size();
    }

    @Test
    void twoOfSixteenHealthyIsGone() throws Exception {
        server.stubFor(status().willReturn(xml(200, Route53Api.healthCheckStatus(2))));

        Route53HealthCheckWitness.WitnessReading reading = witness().reading();

        assertThat(reading.healthy()).isEqualTo(2);
        assertThat(reading.observations()).isEqualTo(16);
        assertThat(reading.readAt()).isEqualTo(clock.instant());
        assertThat(reading.agrees()).as("12.5 %% is at or under Route 53's 18 %%").isTrue();
        assertThat(reading.reason()).contains("2 of 16").contains("12.5 %");
        assertThat(server.findAll(getRequestedFor(urlPathEqualTo(STATUS_PATH))).get(0).getHeader("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/");
    }

    @Test
    void threeOfSixteenHealthyIsNotGone() throws Exception {
        server.stubFor(status().willReturn(xml(200, Route53Api.healthCheckStatus(3))));

        Route53HealthCheckWitness.WitnessReading reading = witness().reading();

        assertThat(reading.healthy()).isEqualTo(3);
        assertThat(reading.agrees()).as("18.75 %% is over 18 %%: Route 53 still calls it healthy").isFalse();
    }

    @Test
    void noObservationsCannotTell() throws Exception {
        server.stubFor(status().willReturn(xml(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<GetHealthCheckStatusResponse xmlns=\""
                + Route53Api.NS + "\"><HealthCheckObservations/></GetHealthCheckStatusResponse>")));

        Route53HealthCheckWitness.WitnessReading reading = witness().reading();

        assertThat(reading.agrees()).isFalse();
        assertThat(reading.reason()).contains("cannot tell");
    }

    @Test
    void aSecondReadWithinTheIntervalDoesNotCallTheApi() throws Exception {
        server.stubFor(status().willReturn(xml(200, Route53Api.healthCheckStatus(0))));
        Route53HealthCheckWitness w = witness();

        Route53HealthCheckWitness.WitnessReading first = w.reading();
        clock.advance(Duration.ofSeconds(29));
        assertThat(w.reading()).isSameAs(first);
        assertThat(statusCalls()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(w.reading().readAt()).isEqualTo(clock.instant());
        assertThat(statusCalls()).as("the 30 s default interval passed").isEqualTo(2);
    }

    @Test
    void aServerErrorIsADnsExceptionAndIsNotAskedAgainWithinTheInterval() {
        server.stubFor(status().willReturn(xml(500, "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + Route53Api.NS + "\"><Error>"
                + "<Type>Receiver</Type><Code>InternalFailure</Code><Message>An internal error occurred.</Message></Error>"
                + "<RequestId>12d222a0-f3d9-11e4-a611-c321a3a00f9c</RequestId></ErrorResponse>")));
        Route53HealthCheckWitness w = witness();

        assertThatThrownBy(w::reading).isInstanceOf(DnsException.class).hasMessageContaining("region witness")
                .hasMessageContaining("HTTP 500");
        assertThatThrownBy(w::reading).isInstanceOf(DnsException.class).hasMessageContaining("HTTP 500");
        assertThat(statusCalls()).isEqualTo(1);
    }

    @Test
    void accessDeniedNamesThePermissionWithoutTheSecret() {
        server.stubFor(status().willReturn(error(403, "AccessDenied",
                "User: arn:aws:sts::123456789012:assumed-role/saas-agent/i-0abc is not authorized to perform: route53:GetHealthCheckStatus")));

        assertThatThrownBy(() -> witness().reading())
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("access denied").hasMessageContaining("route53:GetHealthCheckStatus")
                .hasMessageNotContaining(SECRET_KEY);
    }

    @Test
    void aRoute53ProviderSharesItsClient() throws Exception {
        server.stubFor(status().willReturn(xml(200, Route53Api.healthCheckStatus(16))));
        AgentConfig config = config();
        Route53Provider provider = Route53ProviderFactory.build(
                TestConfigs.agent(Route53Api.config(server, "api.example.test.", "192.0.2.10", "198.51.100.10", SECRET_KEY)).failover(),
                clock, new RecordingSleeper(clock));
        witness = Route53HealthCheckWitness.create(config, provider, clock);

        assertThat(witness.reading().agrees()).isFalse();
        assertThat(provider.client().created()).as("the provider's lazy client served the witness").isTrue();
        witness.close();
        new Route53Api(server).records("A", Route53Api.aRecord("api.example.test.", 60, "192.0.2.10"));
        assertThat(provider.read("api.example.test.", "A")).as("the witness never closes the provider's client").isPresent();
        provider.close();
    }

    @Test
    void aMissingHealthCheckIdIsNamed() {
        Map<String, String> p = Route53Api.config(server, "api.example.test.", "192.0.2.10", "198.51.100.10", SECRET_KEY);
        assertThatThrownBy(() -> Route53HealthCheckWitness.create(TestConfigs.agent(p), null, clock))
                .hasMessage("agent.region.witness-health-check-id: is required");
    }
}
