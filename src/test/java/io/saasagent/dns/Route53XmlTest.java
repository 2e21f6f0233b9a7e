package io.saasagent.dns;

import io.saasagent.testing.Xml;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Route 53's XML as written and read without javax.xml: values escaped once, decoded once. */
class Route53XmlTest {

    @Test
    void valuesAreEscapedSoAParserReadsThemBack() {
        String txt = "\"heritage=external-dns,a<b&c>'d'\"";
        String body = Route53Xml.changeBatch("swap <a> & 'b'", List.of(new Route53Xml.Change("UPSERT",
                new Route53Xml.RecordSet("api.example.test.", "TXT", null, null, 60L, List.of(txt), null))));

        Xml xml = Xml.parse(body);
        assertThat(xml.rootNamespace()).isEqualTo(Route53Xml.NS);
        assertThat(xml.text("//ChangeBatch/Comment")).isEqualTo("swap <a> & 'b'");
        assertThat(xml.texts("//ResourceRecord/Value")).containsExactly(txt);
    }

    @Test
    void entitiesAreDecodedOnceAndAliasesRead() {
        String answer = "<ListResourceRecordSetsResponse xmlns=\"" + Route53Xml.NS + "\"><ResourceRecordSets>"
                + "<ResourceRecordSet><Name>\\052.example.test.</Name><Type>TXT</Type><TTL>300</TTL><ResourceRecords>"
                + "<ResourceRecord><Value>\"a &amp;lt; b\"</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>"
                + "<ResourceRecordSet><Name>api.example.test.</Name><Type>A</Type><SetIdentifier>dr</SetIdentifier><Weight>0</Weight>"
                + "<AliasTarget><HostedZoneId>/hostedzone/Z32O12XQLNTSW2</HostedZoneId><DNSName>dualstack.dr.elb.amazonaws.com.</DNSName>"
                + "<EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>"
                + "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>300</MaxItems></ListResourceRecordSetsResponse>";

        List<Route53Xml.RecordSet> sets = Route53Xml.recordSets(answer);

        assertThat(sets).hasSize(2);
        assertThat(sets.get(0).values()).containsExactly("\"a &lt; b\"");
        assertThat(sets.get(0).ttl()).isEqualTo(300L);
        assertThat(sets.get(1).alias()).isEqualTo(new Route53Xml.AliasTarget("Z32O12XQLNTSW2", "dualstack.dr.elb.amazonaws.com.", false));
        assertThat(sets.get(1).weight()).isZero();
        assertThat(sets.get(1).ttl()).isNull();
    }
}
