package io.saasagent.dns;

import io.saasagent.support.XmlText;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of Route 53's REST-XML (API 2013-04-01) the provider reads and writes, as plain records: a record set, a
 * change, a change's status. Written with a StringBuilder, values escaped; read with support.XmlText (no javax.xml:
 * issue 17, the binary's size). Containers are taken raw and only leaves unescaped, so an entity is decoded once.
 */
final class Route53Xml {
    static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

    /** An alias record's target (no TTL or values of its own). */
    record AliasTarget(String hostedZoneId, String dnsName, boolean evaluateTargetHealth) {
    }

    /** A resource record set; {@code ttl}, {@code setIdentifier}, {@code weight}, {@code alias} null when absent. */
    record RecordSet(String name, String type, String setIdentifier, Long weight, Long ttl, List<String> values, AliasTarget alias) {
        RecordSet {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }

    /** One change of a batch: CREATE, DELETE or UPSERT. */
    record Change(String action, RecordSet set) {
    }

    /** A change's id (bare, without "/change/") and status (PENDING or INSYNC). */
    record ChangeInfo(String id, String status) {
        boolean insync() {
            return "INSYNC".equals(status);
        }
    }

    private Route53Xml() {
    }

    static String changeBatch(String comment, List<Change> changes) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ChangeResourceRecordSetsRequest xmlns=\"")
                .append(NS).append("\"><ChangeBatch>");
        leaf(x, "Comment", comment);
        x.append("<Changes>");
        for (Change c : changes) {
            x.append("<Change>");
            leaf(x, "Action", c.action());
            recordSet(x, c.set());
            x.append("</Change>");
        }
        return x.append("</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>").toString();
    }

    /** In the schema's order: Name, Type, SetIdentifier, Weight, TTL, ResourceRecords, AliasTarget. */
    private static void recordSet(StringBuilder x, RecordSet s) {
        x.append("<ResourceRecordSet>");
        leaf(x, "Name", s.name());
        leaf(x, "Type", s.type());
        leaf(x, "SetIdentifier", s.setIdentifier());
        leaf(x, "Weight", s.weight() == null ? null : s.weight().toString());
        leaf(x, "TTL", s.ttl() == null ? null : s.ttl().toString());
        if (!s.values().isEmpty()) {
            x.append("<ResourceRecords>");
            for (String v : s.values()) {
                x.append("<ResourceRecord>");
                leaf(x, "Value", v);
                x.append("</ResourceRecord>");
            }
            x.append("</ResourceRecords>");
        }
        if (s.alias() != null) {
            x.append("<AliasTarget>");
            leaf(x, "HostedZoneId", s.alias().hostedZoneId());
            leaf(x, "DNSName", s.alias().dnsName());
            leaf(x, "EvaluateTargetHealth", String.valueOf(s.alias().evaluateTargetHealth()));
            x.append("</AliasTarget>");
        }
        x.append("</ResourceRecordSet>");
    }

    private static void leaf(StringBuilder x, String name, String value) {
        if (value != null) {
            x.append('<').append(name).append('>').append(XmlText.escape(value)).append("</").append(name).append('>');
        }
    }

    /** The record sets of a ListResourceRecordSetsResponse. */
    static List<RecordSet> recordSets(String body) {
        List<RecordSet> sets = new ArrayList<>();
        for (String s : XmlText.elements(body, "ResourceRecordSet")) {
            List<String> values = new ArrayList<>();
            for (String rr : XmlText.elements(s, "ResourceRecord")) {
                values.add(XmlText.text(rr, "Value"));
            }
            List<String> aliases = XmlText.elements(s, "AliasTarget");
            AliasTarget alias = aliases.isEmpty() ? null : new AliasTarget(Route53Provider.bareZoneId(XmlText.text(aliases.get(0), "HostedZoneId")),
                    XmlText.text(aliases.get(0), "DNSName"), "true".equals(XmlText.text(aliases.get(0), "EvaluateTargetHealth")));
            sets.add(new RecordSet(XmlText.text(s, "Name"), XmlText.text(s, "Type"), XmlText.text(s, "SetIdentifier"),
                    number(XmlText.text(s, "Weight")), number(XmlText.text(s, "TTL")), values, alias));
        }
        return sets;
    }

    /** The ChangeInfo of a ChangeResourceRecordSetsResponse or GetChangeResponse; null when there is none. */
    static ChangeInfo changeInfo(String body) {
        List<String> info = XmlText.elements(body, "ChangeInfo");
        if (info.isEmpty()) {
            return null;
        }
        String id = XmlText.text(info.get(0), "Id");
        return new ChangeInfo(id != null && id.startsWith("/change/") ? id.substring("/change/".length()) : id,
                XmlText.text(info.get(0), "Status"));
    }

    /** The StatusReport/Status of every HealthCheckObservation (null for one without). */
    static List<String> observationStatuses(String body) {
        List<String> statuses = new ArrayList<>();
        for (String o : XmlText.elements(body, "HealthCheckObservation")) {
            List<String> report = XmlText.elements(o, "StatusReport");
            statuses.add(report.isEmpty() ? null : XmlText.text(report.get(0), "Status"));
        }
        return statuses;
    }

    private static Long number(String s) {
        try {
            return s == null ? null : Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
