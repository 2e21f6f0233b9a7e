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

    /**
     * Same values, whatever the order and the TTL, a TXT value compared as its text (quoted or not): what a
     * compare-and-set compares where the provider does not compare TTLs itself.
     */
    public boolean sameValues(DnsRecord other) {
        return other != null && texts(values).equals(texts(other.values));
    }

    private static List<String> texts(List<String> values) {
        return values.stream().map(v -> normal(unquoted(v))).sorted().toList();
    }

    private static String normal(String value) {
        return absolute(value).toLowerCase();
    }

    /** A TXT value as text: providers answer it in quotes ("heritage=external-dns,..."). */
    public static String unquoted(String txt) {
        String s = txt.strip();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** A TXT value as Route 53 and Cloudflare take it: in quotes (one already quoted goes as it is). */
    public static String quoted(String txt) {
        String s = txt.strip();
        boolean isQuoted = s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"");
        return isQuoted ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Names compare in absolute form (trailing dot). */
    static String absolute(String name) {
        return name == null || name.endsWith(".") || name.matches("[0-9.]+|[0-9a-fA-F:]+") ? name : name + ".";
    }
}
