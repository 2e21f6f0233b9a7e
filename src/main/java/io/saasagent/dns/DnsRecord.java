package io.saasagent.dns;

import java.util.List;

/**
 * One record set as a provider holds it. {@code values} are addresses (A/AAAA) or a name
 * (CNAME, or a Route 53 alias target). {@code weight} and {@code setIdentifier} are set for
 * weighted records only.
 */
public record DnsRecord(String name, String type, List<String> values, long ttl, Integer weight, String setIdentifier) {

    public DnsRecord {
        name = absolute(name);
        values = List.copyOf(values);
    }

    public static DnsRecord simple(String name, String type, String value, long ttl) {
        return new DnsRecord(name, type, List.of(value), ttl, null, null);
    }

    /** A TTL the provider picks itself (Cloudflare's "automatic", always so for a proxied record). */
    public static final long AUTOMATIC_TTL = 1;

    /** Same answer to a client: same values, whatever the order, and same TTL (unless either is automatic). */
    public boolean sameAnswer(DnsRecord other) {
        return other != null && (ttl == other.ttl || ttl == AUTOMATIC_TTL || other.ttl == AUTOMATIC_TTL)
                && values.stream().map(DnsRecord::normal).sorted().toList()
                .equals(other.values.stream().map(DnsRecord::normal).sorted().toList());
    }

    private static String normal(String value) {
        return absolute(value).toLowerCase();
    }

    /** A TXT value as text: providers answer it in quotes ("heritage=external-dns,..."). */
    public static String unquoted(String txt) {
        String s = txt.strip();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** Names compare in absolute form (trailing dot). */
    static String absolute(String name) {
        return name == null || name.endsWith(".") || name.matches("[0-9.]+|[0-9a-fA-F:]+") ? name : name + ".";
    }
}
