package io.saasagent.dns;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.saasagent.config.TestConfigs;
import io.saasagent.support.Retrier;
import io.saasagent.testing.MutableClock;
import io.saasagent.testing.RecordingSleeper;
import io.saasagent.testing.Xml;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.saasagent.dns.Route53Api.alias;
import static io.saasagent.dns.Route53Api.aRecord;
import static io.saasagent.dns.Route53Api.change;
import static io.saasagent.dns.Route53Api.changeInfo;
import static io.saasagent.dns.Route53Api.error;
import static io.saasagent.dns.Route53Api.getChange;
import static io.saasagent.dns.Route53Api.list;
import static io.saasagent.dns.Route53Api.listing;
import static io.saasagent.dns.Route53Api.txt;
import static io.saasagent.dns.Route53Api.weighted;
import static io.saasagent.dns.Route53Api.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The route53 provider, through its own SigV4-signed REST client (dns.Route53Http), against WireMock answering in Route 53's XML shapes. */
@Timeout(30)
class Route53ProviderTest {
    private static final String NAME = "api.example.test.";
    private static final String PRIMARY = "192.0.2.10";
    private static final String DR = "198.51.100.10";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYcanary0Key";

    private WireMockServer server;
    private Route53Api api;
    private MutableClock clock;
    private RecordingSleeper sleeper;
    private Route53Provider provider;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        api = new Route53Api(server);
        clock = new MutableClock();
        sleeper = new RecordingSleeper(clock);
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        server.stop();
    }

    private Map<String, String> config() {
        return Route53Api.config(server, NAME, PRIMARY, DR, SECRET_KEY);
    }

    private Map<String, String> weightedConfig() {
        Map<String, String> p = config();
        p.put("agent.failover.route53.primary-set-identifier", "primary");
        p.put("agent.failover.route53.dr-set-identifier", "dr");
        return p;
    }

    private Route53Provider provider(Map<String, String> properties) {
        provider = Route53ProviderFactory.build(TestConfigs.agent(properties).failover(), clock, sleeper);
        return provider;
    }

    private DnsActuator actuator(Map<String, String> properties) {
        return new DnsActuator(provider(properties), "saas-agent", false);
    }

    /** The A record answers the primary until a change is posted, then the DR address. */
    private void recordMovesOnChange() {
        server.stubFor(listing("A").inScenario("record").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml(200, list(aRecord(NAME, 60, PRIMARY), txt(NAME, "v=spf1 -all")))));
        server.stubFor(change().inScenario("record").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("changed")
                .willReturn(xml(200, changeInfo("ChangeResourceRecordSetsResponse", "PENDING"))));
        server.stubFor(listing("A").inScenario("record").whenScenarioStateIs("changed")
                .willReturn(xml(200, list(aRecord(NAME, 60, DR)))));
        api.records("TXT");
    }

    @Test
    void upsertsTheARecordThenWaitsUntilInsync() throws Exception {
        recordMovesOnChange();
        server.stubFor(getChange().inScenario("insync").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(xml(200, changeInfo("GetChangeResponse", "PENDING"))));
        server.stubFor(getChange().inScenario("insync").whenScenarioStateIs("second")
                .willReturn(xml(200, changeInfo("GetChangeResponse", "INSYNC"))));

        DnsChange result = actuator(config()).pointTo(NAME, "A", DR, 60);

        assertThat(result.outcome()).isEqualTo(DnsChange.Outcome.WRITTEN);
        assertThat(result.verified()).isTrue();
        assertThat(result.changeId()).isEqualTo(Route53Api.CHANGE_ID);
        assertThat(result.before().values()).containsExactly(PRIMARY);
        assertThat(result.after().values()).containsExactly(DR);
        assertThat(result.warnings()).isEmpty();
        // PENDING on submit, PENDING on the first GetChange, INSYNC on the second: two polls.
        assertThat(api.getChangeCalls()).isEqualTo(2);
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));

        assertThat(api.changeRequests()).hasSize(1);
        Xml body = Xml.parse(api.changeRequests().get(0).getBodyAsString());
        assertThat(body.rootName()).isEqualTo("ChangeResourceRecordSetsRequest");
        assertThat(body.rootNamespace()).isEqualTo(Route53Api.NS);
        assertThat(body.text("//Change/Action")).isEqualTo("UPSERT");
        assertThat(body.text("//ResourceRecordSet/Name")).isEqualTo(NAME);
        assertThat(body.text("//ResourceRecordSet/Type")).isEqualTo("A");
        assertThat(body.text("//ResourceRecordSet/TTL")).isEqualTo("60");
        assertThat(body.texts("//ResourceRecords/ResourceRecord/Value")).containsExactly(DR);
        assertThat(body.texts("//AliasTarget")).isEmpty();
        assertThat(api.changeRequests().get(0).getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Throttling", "PriorRequestNotComplete"})
    void busyAnswersAreRetriedWithBackoffThenSucceed(String code) throws Exception {
        String message = code.equals("Throttling") ? "Rate exceeded"
                : "The request was rejected because Route 53 was still processing a prior request.";
        server.stubFor(change().inScenario("busy").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("once")
                .willReturn(error(400, code, message)));
        server.stubFor(change().inScenario("busy").whenScenarioStateIs("once").willSetStateTo("twice")
                .willReturn(error(400, code, message)));
        server.stubFor(change().inScenario("busy").whenScenarioStateIs("twice")
                .willReturn(xml(200, changeInfo("ChangeResourceRecordSetsResponse", "INSYNC"))));
        Route53Provider p = provider(config());
        DnsActuator a = new DnsActuator(p, null, false, DnsFence.NONE, new Retrier(p.writePolicy(), sleeper));

        String id = a.submit(DnsRecord.simple(NAME, "A", DR, 60));

        assertThat(id).isEqualTo(Route53Api.CHANGE_ID);
        assertThat(api.changeRequests()).hasSize(3);
        assertThat(a.retries()).as("the actuator retries a change, not the provider").isEqualTo(2);
        assertThat(p.retries()).isZero();
        // Exponential: 1 s, then 2 s; INSYNC at once, so no GetChange poll.
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(api.getChangeCalls()).isZero();
    }

    private void throttledFourTimesThenAccepted() {
        String state = Scenario.STARTED;
        for (int i = 1; i <= 4; i++) {
            server.stubFor(change().inScenario("throttled").whenScenarioStateIs(state).willSetStateTo("t" + i)
                    .willReturn(error(400, "Throttling", "Rate exceeded")));
            state = "t" + i;
        }
        server.stubFor(change().inScenario("throttled").whenScenarioStateIs(state)
                .willReturn(xml(200, changeInfo("ChangeResourceRecordSetsResponse", "INSYNC"))));
    }

    @Test
    void throttledFourTimesTheFenceIsAskedBeforeEveryAttempt() throws Exception {
        throttledFourTimesThenAccepted();
        Map<String, String> p = config();
        p.put("agent.failover.route53.max-attempts", "5");
        Route53Provider r53 = provider(p);
        AtomicInteger fences = new AtomicInteger();
        DnsActuator a = new DnsActuator(r53, null, false, fences::incrementAndGet, new Retrier(r53.writePolicy(), sleeper));

        assertThat(a.submit(DnsRecord.simple(NAME, "A", DR, 60))).isEqualTo(Route53Api.CHANGE_ID);

        assertThat(api.changeRequests()).hasSize(5);
        assertThat(fences).as("one fence check per attempt, retries included").hasValue(5);
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    @Test
    void theLeaseLostBetweenAttemptsStopsTheSubmitsThere() {
        throttledFourTimesThenAccepted();
        Map<String, String> p = config();
        p.put("agent.failover.route53.max-attempts", "5");
        Route53Provider r53 = provider(p);
        AtomicInteger fences = new AtomicInteger();
        DnsFence leaseLostAfterTwo = () -> {
            if (fences.incrementAndGet() > 2) {
                throw new DnsFence.Fenced("lease held by agent-3");
            }
        };
        DnsActuator a = new DnsActuator(r53, null, false, leaseLostAfterTwo, new Retrier(r53.writePolicy(), sleeper));

        assertThatThrownBy(() -> a.submit(DnsRecord.simple(NAME, "A", DR, 60)))
                .isInstanceOf(DnsFence.Fenced.class).hasMessageContaining("lease held by agent-3");
        assertThat(api.changeRequests()).as("no submit after the lease was lost").hasSize(2);
        assertThat(fences).hasValue(3);
    }

    @Test
    void throttlingThatNeverEndsGivesUpAfterTheBoundedAttempts() {
        server.stubFor(change().willReturn(error(400, "Throttling", "Rate exceeded")));
        Map<String, String> p = config();
        p.put("agent.failover.route53.max-attempts", "3");
        Route53Provider r53 = provider(p);
        DnsActuator a = new DnsActuator(r53, null, false, DnsFence.NONE, new Retrier(r53.writePolicy(), sleeper));

        assertThatThrownBy(() -> a.submit(DnsRecord.simple(NAME, "A", DR, 60)))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("Throttling").hasMessageContaining("gave up after 3 attempts");
        assertThat(api.changeRequests()).hasSize(3);
    }

    @Test
    void accessDeniedIsAClearErrorWithoutRetryOrSecret() {
        server.stubFor(change().willReturn(error(403, "AccessDenied", "User: arn:aws:iam::123456789012:user/agent is not "
                + "authorized to perform: route53:ChangeResourceRecordSets on resource: arn:aws:route53:::hostedzone/" + Route53Api.ZONE)));
        Route53Provider r53 = provider(config());

        assertThatThrownBy(() -> r53.write(DnsRecord.simple(NAME, "A", DR, 60)))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("access denied (AccessDenied, HTTP 403)")
                .hasMessageContaining("route53:ChangeResourceRecordSets")
                .hasMessageNotContaining(SECRET_KEY);
        assertThat(api.changeRequests()).hasSize(1);
        assertThat(r53.retries()).isZero();
    }

    @Test
    void invalidTokenAndMissingZoneAndBadBatchAreNamed() {
        Route53Provider r53 = provider(config());
        server.stubFor(listing("A").willReturn(error(403, "InvalidClientTokenId", "The security token included in the request is invalid.")));
        assertThatThrownBy(() -> r53.read(NAME, "A")).hasMessageContaining("access denied (InvalidClientTokenId");

        server.stubFor(listing("A").willReturn(error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + Route53Api.ZONE)));
        assertThatThrownBy(() -> r53.read(NAME, "A"))
                .hasMessageContaining("hosted zone " + Route53Api.ZONE + " does not exist (NoSuchHostedZone)")
                .hasMessageContaining("agent.failover.route53.hosted-zone-id");

        server.stubFor(change().willReturn(error(400, "InvalidChangeBatch",
                "RRSet of type A with DNS name api.example.test. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists")));
        assertThatThrownBy(() -> r53.write(DnsRecord.simple(NAME, "A", DR, 60)))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("rejected (InvalidChangeBatch)").hasMessageContaining("conflicting RRSet");
        assertThat(r53.retries()).isZero();
    }

    @Test
    void theInvalidChangeBatchEnvelopeWithItsMessagesIsUnderstood() {
        // Route 53 answers InvalidChangeBatch in an envelope of its own, with a list of messages.
        server.stubFor(change().willReturn(xml(400, "<?xml version=\"1.0\"?>\n<InvalidChangeBatch xmlns=\"" + Route53Api.NS + "\">"
                + "<Messages><Message>Tried to delete resource record set [name='api.example.test.', type='A'] but it was not found</Message>"
                + "</Messages><RequestId>b1c2a3d4-0000-11e6-80d9-574e0c4664cb</RequestId></InvalidChangeBatch>")));
        Route53Provider r53 = provider(config());

        assertThatThrownBy(() -> r53.write(DnsRecord.simple(NAME, "A", DR, 60)))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("InvalidChangeBatch").hasMessageContaining("but it was not found");
        assertThat(api.changeRequests()).hasSize(1);
    }

    @Test
    void aRecordOwnedByAnotherExternalDnsIsRefusedWithoutAnyChangeCall() throws Exception {
        api.records("A", aRecord(NAME, 60, PRIMARY));
        api.records("TXT", txt(NAME, "heritage=external-dns,external-dns/owner=cluster-eu,external-dns/resource=service/default/api"));
        api.acceptsChanges();

        DnsChange result = actuator(config()).pointTo(NAME, "A", DR, 60);

        assertThat(result.outcome()).isEqualTo(DnsChange.Outcome.REFUSED_OWNERSHIP);
        assertThat(result.warnings()).singleElement().asString().contains("external-dns/owner=cluster-eu");
        assertThat(api.changeRequests()).isEmpty();
    }

    @Test
    void aRecordOwnedByThisAgentIsWritten() throws Exception {
        recordMovesOnChange();
        api.records("TXT", txt(NAME, "heritage=external-dns,external-dns/owner=saas-agent"));
        server.stubFor(getChange().willReturn(xml(200, changeInfo("GetChangeResponse", "INSYNC"))));

        assertThat(actuator(config()).pointTo(NAME, "A", DR, 60).outcome()).isEqualTo(DnsChange.Outcome.WRITTEN);
        assertThat(api.changeRequests()).hasSize(1);
    }

    @Test
    void aRecordAlreadyAtTheTargetIsNotWrittenAgain() throws Exception {
        // Route 53 lists from the name onwards: the following records must not be taken for it.
        api.records("A", aRecord(NAME, 60, DR), aRecord("www.example.test.", 60, PRIMARY));
        api.records("TXT");
        api.acceptsChanges();

        DnsChange result = actuator(config()).pointTo(NAME, "A", DR, 60);

        assertThat(result.outcome()).isEqualTo(DnsChange.Outcome.UNCHANGED);
        assertThat(result.verified()).isTrue();
        assertThat(api.changeRequests()).isEmpty();
        assertThat(api.getChangeCalls()).isZero();
    }

    @Test
    void aTtlOverSixtySecondsIsWrittenWithAWarning() throws Exception {
        api.records("A", aRecord(NAME, 300, PRIMARY));
        api.records("TXT");
        api.acceptsChanges();

        DnsChange result = actuator(config()).pointTo(NAME, "A", DR, 300);

        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("TTL 300 s is over 60 s"))
                .anySatisfy(w -> assertThat(w).contains("current TTL 300 s"));
        assertThat(Xml.parse(api.changeRequests().get(0).getBodyAsString()).text("//ResourceRecordSet/TTL")).isEqualTo("300");
        // The stub still answers the old address: the read-back says so.
        assertThat(result.verified()).isFalse();
    }

    @Test
    void anAliasRecordIsWrittenWithItsAliasTarget() throws Exception {
        String primaryAlb = "primary-alb-1234567890.us-east-1.elb.amazonaws.com.";
        String drAlb = "dr-alb-0987654321.eu-west-1.elb.amazonaws.com.";
        Map<String, String> p = config();
        p.put("agent.failover.primary-target", primaryAlb);
        p.put("agent.failover.dr-target", drAlb);
        p.put("agent.failover.route53.alias-hosted-zone-id", "Z32O12XQLNTSW2");
        server.stubFor(listing("A").inScenario("alias").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml(200, list(alias(NAME, "Z35SXDOTRQ7X7K", "Primary-ALB-1234567890.us-east-1.elb.amazonaws.com.")))));
        server.stubFor(change().inScenario("alias").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("changed")
                .willReturn(xml(200, changeInfo("ChangeResourceRecordSetsResponse", "PENDING"))));
        server.stubFor(listing("A").inScenario("alias").whenScenarioStateIs("changed")
                .willReturn(xml(200, list(alias(NAME, "Z32O12XQLNTSW2", "dualstack." + drAlb)))));
        api.records("TXT");
        server.stubFor(getChange().willReturn(xml(200, changeInfo("GetChangeResponse", "INSYNC"))));

        DnsChange result = actuator(p).pointTo(NAME, "A", drAlb, 60);

        assertThat(result.outcome()).isEqualTo(DnsChange.Outcome.WRITTEN);
        Xml body = Xml.parse(api.changeRequests().get(0).getBodyAsString());
        assertThat(body.text("//Change/Action")).isEqualTo("UPSERT");
        assertThat(body.text("//AliasTarget/HostedZoneId")).isEqualTo("Z32O12XQLNTSW2");
        assertThat(body.text("//AliasTarget/DNSName")).isEqualTo(drAlb);
        assertThat(body.text("//AliasTarget/EvaluateTargetHealth")).isEqualTo("true");
        assertThat(body.texts("//ResourceRecordSet/TTL")).isEmpty();
        assertThat(body.texts("//ResourceRecords")).isEmpty();
        // Route 53 answers "dualstack." + the name given: still the DR target, so the read-back confirms it.
        assertThat(result.after().values()).containsExactly(drAlb);
        assertThat(result.verified()).isTrue();
    }

    @Test
    void anAliasAlreadyAtTheTargetCountsAsUnchangedWhateverTheCase() throws Exception {
        Map<String, String> p = config();
        p.put("agent.failover.route53.alias-hosted-zone-id", "Z32O12XQLNTSW2");
        api.records("A", alias(NAME, "Z32O12XQLNTSW2", "DR-ALB.eu-west-1.elb.amazonaws.com."));
        api.records("TXT");

        DnsChange result = actuator(p).pointTo(NAME, "A", "dr-alb.eu-west-1.elb.amazonaws.com", 60);

        assertThat(result.outcome()).isEqualTo(DnsChange.Outcome.UNCHANGED);
        assertThat(api.changeRequests()).isEmpty();
    }

    @Test
    void weightedFailbackUpsertsBothWeightsInOneBatchReplacingThePlainRecord() throws Exception {
        Map<String, String> p = weightedConfig();
        api.records("A", aRecord(NAME, 60, DR));
        api.acceptsChanges();
        Route53Provider r53 = provider(p);
        assertThat(r53.supportsWeights()).isTrue();

        r53.writeWeights(NAME, "A", PRIMARY, DR, 10, 60);

        assertThat(api.changeRequests()).hasSize(1);
        Xml body = Xml.parse(api.changeRequests().get(0).getBodyAsString());
        assertThat(body.texts("//Change/Action")).containsExactly("DELETE", "UPSERT", "UPSERT");
        assertThat(body.texts("//Change[Action='DELETE']/ResourceRecordSet/ResourceRecords/ResourceRecord/Value")).containsExactly(DR);
        assertThat(body.texts("//Change[Action='UPSERT']/ResourceRecordSet/SetIdentifier")).containsExactly("primary", "dr");
        assertThat(body.texts("//Change[Action='UPSERT']/ResourceRecordSet/Weight")).containsExactly("10", "90");
        assertThat(body.texts("//Change[Action='UPSERT']/ResourceRecordSet/ResourceRecords/ResourceRecord/Value")).containsExactly(PRIMARY, DR);
        assertThat(body.texts("//Change[Action='UPSERT']/ResourceRecordSet/TTL")).containsExactly("60", "60");
    }

    @Test
    void weightedRecordsReadAsTheAnswerAndAFailoverMovesAllWeightToDr() throws Exception {
        Map<String, String> p = weightedConfig();
        api.records("A", weighted(NAME, "dr", 50, DR), weighted(NAME, "primary", 50, PRIMARY));
        api.records("TXT");
        api.acceptsChanges();

        assertThat(provider(p).primaryPercent(NAME, "A")).as("a split a new holder adopts").hasValue(50);
        DnsChange result = actuator(p).pointTo(NAME, "A", DR, 60);

        assertThat(result.before().values()).containsExactlyInAnyOrder(PRIMARY, DR);
        Xml body = Xml.parse(api.changeRequests().get(0).getBodyAsString());
        assertThat(body.texts("//Change/Action")).containsExactly("UPSERT", "UPSERT");
        assertThat(body.texts("//ResourceRecordSet/Weight")).containsExactly("0", "100");
    }

    @Test
    void weightedRecordsAlreadyAllOnDrAreUnchanged() throws Exception {
        Map<String, String> p = weightedConfig();
        api.records("A", weighted(NAME, "dr", 100, DR), weighted(NAME, "primary", 0, PRIMARY));
        api.records("TXT");

        assertThat(actuator(p).pointTo(NAME, "A", DR, 60).outcome()).isEqualTo(DnsChange.Outcome.UNCHANGED);
        assertThat(api.changeRequests()).isEmpty();
    }

    @Test
    void withoutSetIdentifiersThereAreNoWeights() throws Exception {
        Route53Provider r53 = provider(config());
        assertThat(r53.supportsWeights()).isFalse();
        assertThat(r53.primaryPercent(NAME, "A")).isEmpty();
        assertThatThrownBy(() -> r53.writeWeights(NAME, "A", PRIMARY, DR, 10, 60)).hasMessageContaining("primary-set-identifier");
    }

    @Test
    void aChangeThatNeverTurnsInsyncFailsAfterTheInsyncTimeout() {
        server.stubFor(change().willReturn(xml(200, changeInfo("ChangeResourceRecordSetsResponse", "PENDING"))));
        server.stubFor(getChange().willReturn(xml(200, changeInfo("GetChangeResponse", "PENDING"))));
        Map<String, String> p = config();
        p.put("agent.failover.route53.insync-timeout", "30s");
        Route53Provider r53 = provider(p);

        assertThatThrownBy(() -> r53.write(DnsRecord.simple(NAME, "A", DR, 60)))
                .isInstanceOfSatisfying(DnsException.Accepted.class, e -> {
                    assertThat(e.retryable()).as("accepted: never submitted again").isFalse();
                    assertThat(e.changeId()).isEqualTo(Route53Api.CHANGE_ID);
                })
                .hasMessageContaining("change " + Route53Api.CHANGE_ID + " was accepted but is still PENDING after 30 s");
        // 30 s of 5 s polls, on the test's clock: six GetChange calls, no real waiting.
        assertThat(api.getChangeCalls()).isEqualTo(6);
    }

    /**
     * The failover's own path (DnsActuator with the provider's write policy, as ActiveMode builds it): an INSYNC
     * timeout is one ChangeResourceRecordSets whose id is polled, then a write read back later; never a resubmit,
     * and the whole call waits one insync-timeout (was five submits of five minutes each: ~25 min).
     */
    @Test
    void anInsyncTimeoutIsExactlyOneChangeResourceRecordSetsAndOneWait() throws Exception {
        recordMovesOnChange();
        server.stubFor(getChange().willReturn(xml(200, changeInfo("GetChangeResponse", "PENDING"))));
        Map<String, String> p = config();
        p.put("agent.failover.route53.max-attempts", "5");
        Route53Provider r53 = provider(p);
        AtomicInteger fences = new AtomicInteger();
        DnsActuator a = new DnsActuator(r53, null, false, fences::incrementAndGet, new Retrier(r53.writePolicy(), sleeper));
        java.time.Instant start = clock.instant();

        DnsChange change = a.pointTo(NAME, "A", DR, 60);

        assertThat(api.changeRequests()).as("exactly one ChangeResourceRecordSets").hasSize(1);
        assertThat(fences).hasValue(1);
        assertThat(change.outcome()).isEqualTo(DnsChange.Outcome.WRITTEN);
        assertThat(change.changeId()).isEqualTo(Route53Api.CHANGE_ID);
        assertThat(change.warnings()).anySatisfy(w -> assertThat(w).contains("accepted but is still PENDING after 300 s"));
        assertThat(api.getChangeCalls()).as("the accepted change id polled every 5 s for the 5 min timeout").isEqualTo(60);
        assertThat(Duration.between(start, clock.instant())).as("one wait, not one per attempt").isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anUnreachableApiIsRetriedThenReportedWithoutSecret() {
        Map<String, String> p = config();
        server.stop();
        p.put("agent.failover.route53.max-attempts", "2");
        Route53Provider r53 = provider(p);

        assertThatThrownBy(() -> r53.read(NAME, "A"))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("cannot reach the API").hasMessageContaining("gave up after 2 attempts")
                .hasMessageNotContaining(SECRET_KEY);
        assertThat(r53.retries()).isEqualTo(1);
    }

    @Test
    void ownershipReadsTheTxtValuesUnquoted() throws Exception {
        api.records("TXT", txt(NAME, "heritage=external-dns,external-dns/owner=x", "v=spf1 -all"), txt("b.example.test.", "other"));
        assertThat(provider(config()).ownership(NAME)).containsExactly("heritage=external-dns,external-dns/owner=x", "v=spf1 -all");
    }

    @Test
    void escapedNamesAreDecoded() {
        assertThat(Route53Provider.decodeName("\\052.example.test.")).isEqualTo("*.example.test.");
        assertThat(List.of(Route53Provider.bareZoneId("/hostedzone/Z1"), Route53Provider.bareZoneId("Z1"))).containsOnly("Z1");
    }
}
