package io.saasagent.dns;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Route 53's REST-XML API as WireMock stubs, in the shapes the service answers (API version
 * 2013-04-01): ListResourceRecordSetsResponse, ChangeResourceRecordSetsResponse and GetChangeResponse
 * with ChangeInfo, and the ErrorResponse envelope (Error Type/Code/Message, RequestId).
 */
final class Route53Api {
    static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    static final String ZONE = "Z0413573E2UGVTRX8JOB";
    static final String CHANGE_ID = "C2682N5HXP0BZ4";
    static final String RRSET_PATH = "/2013-04-01/hostedzone/" + ZONE + "/rrset";
    /** ChangeResourceRecordSets is POST .../rrset/ (with the slash), as in the API reference. */
    static final String CHANGE_BATCH_PATH = RRSET_PATH + "/";
    static final String CHANGE_PATH = "/2013-04-01/change/" + CHANGE_ID;

    private final WireMockServer server;

    Route53Api(WireMockServer server) {
        this.server = server;
    }

    /** agent.failover.* for a route53 provider talking to this WireMock server with static keys. */
    static Map<String, String> config(WireMockServer server, String record, String primary, String dr, String secretKey) {
        Map<String, String> p = new HashMap<>();
        p.put("agent.failover.provider", "route53");
        p.put("agent.failover.record", record);
        p.put("agent.failover.primary-target", primary);
        p.put("agent.failover.dr-target", dr);
        p.put("agent.failover.route53.hosted-zone-id", "/hostedzone/" + ZONE);
        p.put("agent.failover.route53.endpoint", "http://127.0.0.1:" + server.port());
        p.put("agent.failover.route53.access-key-id", "AKIAIOSFODNN7EXAMPLE");
        p.put("agent.failover.route53.secret-access-key", secretKey);
        return p;
    }

    // ---- answers ----------------------------------------------------------------------------

    static String aRecord(String name, long ttl, String... values) {
        StringBuilder rrs = new StringBuilder();
        for (String v : values) {
            rrs.append("<ResourceRecord><Value>").append(v).append("</Value></ResourceRecord>");
        }
        return "<ResourceRecordSet><Name>" + name + "</Name><Type>A</Type><TTL>" + ttl + "</TTL>"
                + "<ResourceRecords>" + rrs + "</ResourceRecords></ResourceRecordSet>";
    }

    static String weighted(String name, String setIdentifier, long weight, String value) {
        return "<ResourceRecordSet><Name>" + name + "</Name><Type>A</Type><SetIdentifier>" + setIdentifier
                + "</SetIdentifier><Weight>" + weight + "</Weight><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>"
                + value + "</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>";
    }

    static String alias(String name, String targetZone, String dnsName) {
        return "<ResourceRecordSet><Name>" + name + "</Name><Type>A</Type><AliasTarget><HostedZoneId>" + targetZone
                + "</HostedZoneId><DNSName>" + dnsName + "</DNSName><EvaluateTargetHealth>true</EvaluateTargetHealth>"
                + "</AliasTarget></ResourceRecordSet>";
    }

    static String txt(String name, String... values) {
        return txt(name, 300, values);
    }

    static String txt(String name, long ttl, String... values) {
        StringBuilder rrs = new StringBuilder();
        for (String v : values) {
            rrs.append("<ResourceRecord><Value>\"").append(v).append("\"</Value></ResourceRecord>");
        }
        return "<ResourceRecordSet><Name>" + name + "</Name><Type>TXT</Type><TTL>" + ttl + "</TTL>"
                + "<ResourceRecords>" + rrs + "</ResourceRecords></ResourceRecordSet>";
    }

    static String list(String... sets) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListResourceRecordSetsResponse xmlns=\"" + NS + "\">"
                + "<ResourceRecordSets>" + String.join("", sets) + "</ResourceRecordSets>"
                + "<IsTruncated>false</IsTruncated><MaxItems>300</MaxItems></ListResourceRecordSetsResponse>";
    }

    static String changeInfo(String root, String status) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"" + NS + "\"><ChangeInfo>"
                + "<Id>/change/" + CHANGE_ID + "</Id><Status>" + status + "</Status>"
                + "<SubmittedAt>2024-05-14T09:21:37.461Z</SubmittedAt>"
                + "<Comment>saas-agent failover</Comment></ChangeInfo></" + root + ">";
    }

    static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "b25f48e8-84fd-11e6-80d9-574e0c4664cb").withBody(body);
    }

    static ResponseDefinitionBuilder error(int status, String code, String message) {
        return xml(status, "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type>"
                + "<Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                + "<RequestId>12d222a0-f3d9-11e4-a611-c321a3a00f9c</RequestId></ErrorResponse>");
    }

    // ---- stubs ------------------------------------------------------------------------------

    static MappingBuilder listing(String type) {
        return get(urlPathEqualTo(RRSET_PATH)).withQueryParam("type", equalTo(type));
    }

    static MappingBuilder change() {
        return post(urlPathEqualTo(CHANGE_BATCH_PATH));
    }

    static MappingBuilder getChange() {
        return get(urlPathEqualTo(CHANGE_PATH));
    }

    void records(String type, String... sets) {
        server.stubFor(listing(type).willReturn(xml(200, list(sets))));
    }

    /** ChangeResourceRecordSets answers PENDING; GetChange answers INSYNC. */
    void acceptsChanges() {
        server.stubFor(change().willReturn(xml(200, changeInfo("ChangeResourceRecordSetsResponse", "PENDING"))));
        server.stubFor(getChange().willReturn(xml(200, changeInfo("GetChangeResponse", "INSYNC"))));
    }

    List<LoggedRequest> changeRequests() {
        return server.findAll(postRequestedFor(urlPathEqualTo(CHANGE_BATCH_PATH)));
    }

    int getChangeCalls() {
        return server.findAll(getRequestedFor(urlPathEqualTo(CHANGE_PATH))).size();
    }
}
