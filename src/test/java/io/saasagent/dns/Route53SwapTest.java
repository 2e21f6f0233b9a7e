package io.saasagent.dns;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.saasagent.config.TestConfigs;
import io.saasagent.testing.MutableClock;
import io.saasagent.testing.RecordingSleeper;
import io.saasagent.testing.Xml;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.saasagent.dns.Route53Api.alias;
import static io.saasagent.dns.Route53Api.change;
import static io.saasagent.dns.Route53Api.changeInfo;
import static io.saasagent.dns.Route53Api.error;
import static io.saasagent.dns.Route53Api.getChange;
import static io.saasagent.dns.Route53Api.xml;
import static io.saasagent.dns.TakeOver.DR;
import static io.saasagent.dns.TakeOver.HEARTBEAT;
import static io.saasagent.dns.TakeOver.NAME;
import static io.saasagent.dns.TakeOver.NEW_BEAT;
import static io.saasagent.dns.TakeOver.OLD_BEAT;
import static io.saasagent.dns.TakeOver.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Route 53's compare-and-set ({@link Route53Provider#swap}): one change batch of exact DELETEs and CREATEs, on WireMock. */
@Timeout(30)
class Route53SwapTest {
    private static final String VALUES_DO_NOT_MATCH = "[Tried to delete resource record set [name='api.example.test.', type='A'] "
            + "but the values provided do not match the current values]";

    private WireMockServer server;
    private Route53Api api;
    private MutableClock clock;
    private final List<Route53Provider> providers = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .extensions(new FirstRequestWins(error(400, "InvalidChangeBatch", VALUES_DO_NOT_MATCH))));
        server.start();
        api = new Route53Api(server);
        clock = new MutableClock();
    }

    @AfterEach
    void stop() {
        providers.forEach(Route53Provider::close);
        server.stop();
    }

    private Map<String, String> config() {
        return Route53Api.config(server, NAME, PRIMARY, DR, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYcanary0Key");
    }

    private Route53Provider provider(Map<String, String> properties) {
        Route53Provider p = Route53ProviderFactory.build(TestConfigs.agent(properties).failover(), clock, new RecordingSleeper(clock));
        providers.add(p);
        return p;
    }

    private Xml sentBatch(int i) {
        return Xml.parse(api.changeRequests().get(i).getBodyAsString());
    }

    @Test
    void oneBatchOfExactDeleteAndCreatePairsThenInsync() throws Exception {
        api.acceptsChanges();

        String id = provider(config()).swap(TakeOver.swap());

        assertThat(id).isEqualTo(Route53Api.CHANGE_ID);
        assertThat(api.changeRequests()).as("one batch").hasSize(1);
        Xml body = sentBatch(0);
        assertThat(body.texts("//Change/Action")).containsExactly("DELETE", "CREATE", "DELETE", "CREATE");
        assertThat(body.texts("//Change/ResourceRecordSet/Name")).containsExactly(NAME, NAME, HEARTBEAT, HEARTBEAT);
        assertThat(body.texts("//Change/ResourceRecordSet/TTL")).containsExactly("60", "60", "60", "60");
        assertThat(body.texts("//Change[Action='DELETE']/ResourceRecordSet/ResourceRecords/ResourceRecord/Value"))
                .containsExactly(PRIMARY, "\"" + OLD_BEAT + "\"");
        assertThat(body.texts("//Change[Action='CREATE']/ResourceRecordSet/ResourceRecords/ResourceRecord/Value"))
                .as("a TXT value goes in quotes").containsExactly(DR, "\"" + NEW_BEAT + "\"");
        assertThat(body.text("//ChangeBatch/Comment")).contains(NAME + " A -> " + DR);
        assertThat(server.findAll(getRequestedFor(urlPathEqualTo(Route53Api.RRSET_PATH))))
                .as("a plain set is compared by Route 53 itself: no listing").isEmpty();
        assertThat(api.getChangeCalls()).isEqualTo(1);
    }

    @Test
    void anAbsentBeforeIsACreateOnly() throws Exception {
        api.acceptsChanges();

        provider(config()).swap(RecordSwap.of(new RecordSwap.Change(null, DnsRecord.simple(HEARTBEAT, "TXT", OLD_BEAT, 60))));

        assertThat(sentBatch(0).texts("//Change/Action")).containsExactly("CREATE");
    }

    @Test
    void valuesThatDoNotMatchAreALostSwapNeverPolled() {
        server.stubFor(change().willReturn(error(400, "InvalidChangeBatch", VALUES_DO_NOT_MATCH)));
        server.stubFor(getChange().willReturn(xml(200, changeInfo("GetChangeResponse", "INSYNC"))));

        assertThatThrownBy(() -> provider(config()).swap(TakeOver.swap()))
                .isInstanceOf(DnsException.CasLost.class)
                .hasMessageContaining("[name='api.example.test.', type='A']").hasMessageContaining("do not match the current values")
                .satisfies(e -> assertThat(((DnsException) e).retryable()).isFalse());
        assertThat(api.changeRequests()).hasSize(1);
        assertThat(api.getChangeCalls()).isZero();
    }

    @Test
    void theBatchEnvelopeOfAnExistingCreateIsALostSwap() {
        server.stubFor(change().willReturn(xml(400, "<?xml version=\"1.0\"?>\n<InvalidChangeBatch xmlns=\"" + Route53Api.NS + "\">"
                + "<Messages><Message>Tried to create resource record set [name='_saas-agent.api.example.test.', type='TXT'] but it already exists</Message>"
                + "</Messages><RequestId>b1c2a3d4-0000-11e6-80d9-574e0c4664cb</RequestId></InvalidChangeBatch>")));

        assertThatThrownBy(() -> provider(config()).swap(RecordSwap.of(new RecordSwap.Change(null, DnsRecord.simple(HEARTBEAT, "TXT", OLD_BEAT, 60)))))
                .isInstanceOf(DnsException.CasLost.class).hasMessageContaining("type='TXT'] but it already exists");
    }

    @Test
    void anInvalidBatchForAnotherReasonIsAnErrorNotALostSwap() {
        server.stubFor(change().willReturn(error(400, "InvalidChangeBatch",
                "RRSet of type A with DNS name api.example.test. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists")));

        assertThatThrownBy(() -> provider(config()).swap(TakeOver.swap()))
                .isInstanceOf(DnsException.class).isNotInstanceOf(DnsException.CasLost.class)
                .hasMessageContaining("conflicting RRSet");
    }

    @Test
    void anAcceptedSwapNotInsyncInTimeIsAcceptedNeverResubmitted() {
        server.stubFor(change().willReturn(xml(200, changeInfo("ChangeResourceRecordSetsResponse", "PENDING"))));
        server.stubFor(getChange().willReturn(xml(200, changeInfo("GetChangeResponse", "PENDING"))));
        Map<String, String> p = config();
        p.put("agent.failover.route53.insync-timeout", "20s");

        assertThatThrownBy(() -> provider(p).swap(TakeOver.swap()))
                .isInstanceOfSatisfying(DnsException.Accepted.class, e -> assertThat(e.changeId()).isEqualTo(Route53Api.CHANGE_ID))
                .hasMessageContaining("accepted but is still PENDING after 20 s");
        assertThat(api.changeRequests()).hasSize(1);
        assertThat(api.getChangeCalls()).isEqualTo(4);
    }

    @Test
    void anAliasIsComparedAndThenDeletedExactlyAsListed() throws Exception {
        String primaryAlb = "primary-alb-1234567890.us-east-1.elb.amazonaws.com.";
        String drAlb = "dr-alb-0987654321.eu-west-1.elb.amazonaws.com.";
        Map<String, String> p = Route53Api.config(server, NAME, primaryAlb, drAlb, "secret");
        p.put("agent.failover.route53.alias-hosted-zone-id", "Z32O12XQLNTSW2");
        api.records("A", alias(NAME, "Z35SXDOTRQ7X7K", "dualstack.Primary-ALB-1234567890.us-east-1.elb.amazonaws.com."));
        api.acceptsChanges();
        RecordSwap swap = RecordSwap.of(
                new RecordSwap.Change(DnsRecord.simple(NAME, "A", primaryAlb, 60), DnsRecord.simple(NAME, "A", drAlb, 60)),
                new RecordSwap.Change(DnsRecord.simple(HEARTBEAT, "TXT", OLD_BEAT, 60), DnsRecord.simple(HEARTBEAT, "TXT", NEW_BEAT, 60)));

        provider(p).swap(swap);

        Xml body = sentBatch(0);
        assertThat(body.texts("//Change/Action")).containsExactly("DELETE", "CREATE", "DELETE", "CREATE");
        assertThat(body.text("//Change[1]/ResourceRecordSet/AliasTarget/HostedZoneId")).isEqualTo("Z35SXDOTRQ7X7K");
        assertThat(body.text("//Change[1]/ResourceRecordSet/AliasTarget/DNSName"))
                .isEqualTo("dualstack.Primary-ALB-1234567890.us-east-1.elb.amazonaws.com.");
        assertThat(body.text("//Change[1]/ResourceRecordSet/AliasTarget/EvaluateTargetHealth")).isEqualTo("true");
        assertThat(body.texts("//Change[1]/ResourceRecordSet/ResourceRecords")).isEmpty();
        assertThat(body.text("//Change[2]/ResourceRecordSet/AliasTarget/HostedZoneId")).isEqualTo("Z32O12XQLNTSW2");
        assertThat(body.text("//Change[2]/ResourceRecordSet/AliasTarget/DNSName")).isEqualTo(drAlb);
        assertThat(body.texts("//Change[2]/ResourceRecordSet/TTL")).isEmpty();
        assertThat(body.texts("//Change[3]/ResourceRecordSet/AliasTarget")).as("the heartbeat TXT is never an alias").isEmpty();
        assertThat(body.texts("//Change[4]/ResourceRecordSet/ResourceRecords/ResourceRecord/Value")).containsExactly("\"" + NEW_BEAT + "\"");
    }

    @Test
    void anAliasThatMovedLosesWithoutABatch() {
        String primaryAlb = "primary-alb-1234567890.us-east-1.elb.amazonaws.com.";
        Map<String, String> p = Route53Api.config(server, NAME, primaryAlb, "dr-alb.eu-west-1.elb.amazonaws.com.", "secret");
        p.put("agent.failover.route53.alias-hosted-zone-id", "Z32O12XQLNTSW2");
        api.records("A", alias(NAME, "Z32O12XQLNTSW2", "dualstack.other-alb.eu-west-1.elb.amazonaws.com."));
        api.acceptsChanges();

        assertThatThrownBy(() -> provider(p).swap(RecordSwap.of(new RecordSwap.Change(DnsRecord.simple(NAME, "A", primaryAlb, 60),
                DnsRecord.simple(NAME, "A", "dr-alb.eu-west-1.elb.amazonaws.com.", 60)))))
                .isInstanceOf(DnsException.CasLost.class)
                .hasMessageContaining(NAME + " A is other-alb.eu-west-1.elb.amazonaws.com., expected " + primaryAlb);
        assertThat(api.changeRequests()).isEmpty();
    }

    @Test
    void weightedRecordsHaveNoCompareAndSet() {
        Map<String, String> p = config();
        p.put("agent.failover.route53.primary-set-identifier", "primary");
        p.put("agent.failover.route53.dr-set-identifier", "dr");

        assertThatThrownBy(() -> provider(p).swap(TakeOver.swap()))
                .isNotInstanceOf(DnsException.CasLost.class).hasMessageContaining("weighted records is not supported");
        assertThat(api.changeRequests()).isEmpty();
    }

    /** Two standbys swap from the same read at once; Route 53 applies the first batch and rejects the second's DELETE. */
    @Test
    void twoSwapsAtOnceExactlyOneSucceeds() throws Exception {
        server.stubFor(change().willReturn(xml(200, changeInfo("ChangeResourceRecordSetsResponse", "INSYNC"))
                .withTransformers(FirstRequestWins.NAME)));
        List<Callable<String>> swaps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Route53Provider own = provider(config());
            swaps.add(() -> own.swap(TakeOver.swap()));
        }

        List<SwapRace.Outcome> outcomes = SwapRace.run(swaps);

        assertThat(outcomes.get(SwapRace.exactlyOneWon(outcomes)).changeId()).isEqualTo(Route53Api.CHANGE_ID);
        assertThat(api.changeRequests()).as("both batches sent, both whole").hasSize(2);
    }
}
