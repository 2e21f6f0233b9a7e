package io.saasagent.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@link DnsRecord}s as dnsjava records for {@link Rfc2136Provider}'s UPDATE messages, and back. */
final class Rfc2136Records {
    /** The longest character-string in a TXT record (RFC 1035 3.3). */
    private static final int TXT_STRING = 255;

    private final Name zone;

    Rfc2136Records(Name zone) {
        this.zone = zone;
    }

    /** Deletes the record set and adds the new one (in the same UPDATE: applied together). */
    void replace(Update update, DnsRecord record) throws DnsException {
        Name owner = owner(record.name());
        int rrType = type(record.type());
        update.delete(owner, rrType);
        for (Record r : records(owner, rrType, record.values(), record.ttl())) {
            update.add(r);
        }
    }

    /**
     * The prerequisite that the set holds exactly {@code expected}'s values ("RRset exists, value dependent", TTL 0
     * as RFC 2136 2.4.2 asks: the server compares values only), or that it is absent when {@code expected} is null.
     */
    void require(Update update, String name, String type, DnsRecord expected) throws DnsException {
        Name owner = owner(name);
        int rrType = type(type);
        if (expected == null) {
            update.absent(owner, rrType);
            return;
        }
        for (Record r : records(owner, rrType, expected.values(), 0)) {
            update.present(r);
        }
    }

    Name owner(String name) throws DnsException {
        Name owner = name("record", name);
        if (!owner.subdomain(zone)) {
            throw new DnsException(owner + " is not in zone " + zone, false);
        }
        return owner;
    }

    /**
     * TXT values are text (quoted or not), built as strings of at most 255 characters, never parsed as zone-file
     * text (where {@code ;} starts a comment: a heartbeat {@code owner=..;epoch=..} would be cut short).
     */
    private List<Record> records(Name owner, int rrType, List<String> values, long ttl) throws DnsException {
        List<Record> out = new ArrayList<>();
        for (String value : values) {
            if (rrType == Type.TXT) {
                out.add(new TXTRecord(owner, DClass.IN, ttl, chunks(DnsRecord.unquoted(value))));
                continue;
            }
            try {
                out.add(Record.fromString(owner, rrType, DClass.IN, ttl, value, zone));
            } catch (IOException e) {
                throw new DnsException("malformed " + Type.string(rrType) + " value for " + owner + ": " + e.getMessage(), false);
            }
        }
        return out;
    }

    private static List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += TXT_STRING) {
            out.add(text.substring(i, Math.min(text.length(), i + TXT_STRING)));
        }
        return out.isEmpty() ? List.of("") : out;
    }

    /** A value as callers compare it: a TXT as its text (strings joined, unquoted), others in zone-file form. */
    static String value(Record r) {
        return r instanceof TXTRecord txt ? String.join("", txt.getStrings()) : r.rdataToString();
    }

    static int type(String type) throws DnsException {
        int t = Type.value(type);
        if (t < 0) {
            throw new DnsException("unknown record type " + type, false);
        }
        return t;
    }

    static Name name(String key, String value) {
        try {
            return Name.fromString(value.endsWith(".") ? value : value + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a DNS name");
        }
    }
}
