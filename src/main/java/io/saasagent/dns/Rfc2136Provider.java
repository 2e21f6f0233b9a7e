package io.saasagent.dns;

import io.saasagent.config.AgentConfig;
import io.saasagent.config.Secrets;
import io.saasagent.support.Failures;
import io.saasagent.support.Redactor;
import jakarta.enterprise.context.ApplicationScoped;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * RFC 2136 dynamic update, signed with a TSIG key, sent to the zone's primary server (BIND, PowerDNS,
 * Knot). A write is one UPDATE message deleting the record set and adding the new one, which the
 * server applies atomically. Reads are direct queries to that same server (over TCP, recursion off,
 * TSIG-signed so the answer that decides "unchanged" is authenticated), never through a resolver
 * that could serve a cached answer.
 *
 * <p>Ownership: external-dns's TXT registry keeps {@code "heritage=external-dns,external-dns/owner=..."}
 * in a TXT record at the same name by default; with {@code --txt-prefix} it sits at a prefixed name,
 * which this provider does not read (configure external-dns without a prefix for this record, or
 * set force-ownership).
 */
public final class Rfc2136Provider implements DnsProvider {

    /** Registers the provider under {@code agent.failover.provider=rfc2136}. */
    @ApplicationScoped
    public static class Factory implements DnsProviderFactory {
        @Override
        public String id() {
            return "rfc2136";
        }

        @Override
        public DnsProvider create(AgentConfig.Failover config) {
            AgentConfig.Rfc2136 c = config.rfc2136();
            String zone = c.zone().orElseThrow(() -> new IllegalArgumentException("agent.failover.rfc2136.zone: is required"));
            String keyName = c.tsigKeyName().orElseThrow(() -> new IllegalArgumentException("agent.failover.rfc2136.tsig-key-name: is required"));
            String secret = Secrets.resolve(c.tsigSecret(), c.tsigSecretFile())
                    .orElseThrow(() -> new IllegalArgumentException("agent.failover.rfc2136.tsig-secret: is required (env or tsig-secret-file)"));
            return new Rfc2136Provider(c.server(), zone, keyName, c.tsigAlgorithm(), secret, c.timeout());
        }
    }

    /** Unresolved: the server's name is looked up on each call, so a moved server is followed. */
    private final InetSocketAddress server;
    private final Name zone;
    private final TSIG tsig;
    private final Duration timeout;

    /**
     * @param server    {@code host:port} of the zone's primary ({@code [v6]:port} for IPv6; port 53 when absent)
     * @param algorithm hmac-sha256, hmac-sha512, ... (BIND's names)
     * @param secret    the TSIG secret, base64
     * @throws IllegalArgumentException naming the key when a value is malformed (never quoting the secret)
     */
    public Rfc2136Provider(String server, String zone, String keyName, String algorithm, String secret, Duration timeout) {
        this.server = address(server);
        this.zone = name("agent.failover.rfc2136.zone", zone);
        Name algorithmName;
        try {
            algorithmName = TSIG.algorithmToName(algorithm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("agent.failover.rfc2136.tsig-algorithm: unknown algorithm '" + algorithm + "'");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("agent.failover.rfc2136.tsig-secret: not valid base64");
        }
        this.tsig = new TSIG(algorithmName, name("agent.failover.rfc2136.tsig-key-name", keyName), key);
        this.timeout = timeout;
    }

    @Override
    public String id() {
        return "rfc2136";
    }

    @Override
    public Optional<DnsRecord> read(String name, String type) throws DnsException {
        Name owner = name("record", name);
        int rrType = type(type);
        Message query = Message.newQuery(Record.newRecord(owner, rrType, DClass.IN));
        query.getHeader().unsetFlag(Flags.RD);
        Message response = send(query, "query " + owner + " " + type);
        List<Record> answers = response.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == rrType && r.getName().equals(owner)).toList();
        if (answers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DnsRecord(owner.toString(), type, answers.stream().map(Record::rdataToString).toList(),
                answers.get(0).getTTL(), null, null));
    }

    @Override
    public List<String> ownership(String name) throws DnsException {
        Name owner = name("record", name);
        Message query = Message.newQuery(Record.newRecord(owner, Type.TXT, DClass.IN));
        query.getHeader().unsetFlag(Flags.RD);
        Message response = send(query, "query " + owner + " TXT");
        return response.getSection(Section.ANSWER).stream()
                .filter(r -> r instanceof TXTRecord && r.getName().equals(owner))
                .map(r -> String.join("", ((TXTRecord) r).getStrings())).toList();
    }

    @Override
    public String write(DnsRecord record) throws DnsException {
        Name owner = name("record", record.name());
        if (!owner.subdomain(zone)) {
            throw new DnsException(owner + " is not in zone " + zone, false);
        }
        int rrType = type(record.type());
        Update update = new Update(zone);
        update.delete(owner, rrType);
        try {
            for (String value : record.values()) {
                update.add(Record.fromString(owner, rrType, DClass.IN, record.ttl(), value, zone));
            }
        } catch (IOException e) {
            throw new DnsException("malformed " + record.type() + " value for " + owner + ": " + e.getMessage(), false);
        }
        Message response = send(update, "update " + owner + " " + record.type());
        return "rfc2136:" + server.getHostString() + ":" + server.getPort() + "/id=" + response.getHeader().getID();
    }

    private Message send(Message message, String what) throws DnsException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(server.getHostString(), server.getPort()));
        resolver.setTCP(true);
        resolver.setTimeout(timeout);
        resolver.setTSIGKey(tsig);
        Message response;
        try {
            response = resolver.send(message);
        } catch (IOException e) {
            throw new DnsException(what + " to " + server() + " failed: " + Redactor.redact(Failures.describe(e)), true);
        }
        int rcode = response.getRcode();
        TSIGRecord responseTsig = response.getTSIG();
        if (responseTsig != null && responseTsig.getError() != Rcode.NOERROR) {
            throw new DnsException(what + " rejected by " + server() + ": TSIG " + Rcode.TSIGstring(responseTsig.getError())
                    + " (check tsig-key-name, tsig-algorithm and the secret, and the clocks for BADTIME)", false);
        }
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DnsException(what + " rejected by " + server() + ": " + Rcode.string(rcode) + explain(rcode), rcode == Rcode.SERVFAIL);
        }
        if (!response.isVerified()) {
            throw new DnsException(what + ": the answer from " + server() + " is not signed with the TSIG key", false);
        }
        return response;
    }

    private static String explain(int rcode) {
        return switch (rcode) {
            case Rcode.REFUSED -> " (the server's update-policy / allow-update does not grant this key this name)";
            case Rcode.NOTAUTH -> " (the server is not authoritative for the zone, or rejected the TSIG key)";
            case Rcode.NOTZONE -> " (the name is outside the zone)";
            case Rcode.SERVFAIL -> " (server failure: retried)";
            default -> "";
        };
    }

    private String server() {
        return server.getHostString() + ":" + server.getPort();
    }

    private static int type(String type) throws DnsException {
        int t = Type.value(type);
        if (t < 0) {
            throw new DnsException("unknown record type " + type, false);
        }
        return t;
    }

    private static Name name(String key, String value) {
        try {
            return Name.fromString(value.endsWith(".") ? value : value + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a DNS name");
        }
    }

    private static InetSocketAddress address(String hostPort) {
        String host = hostPort.strip();
        int port = 53;
        int colon = host.lastIndexOf(':');
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close > 0 && close + 1 < host.length() && host.charAt(close + 1) == ':') {
                port = port(host.substring(close + 2));
            }
            host = host.substring(1, Math.max(1, close));
        } else if (colon > 0 && host.indexOf(':') == colon) {
            port = port(host.substring(colon + 1));
            host = host.substring(0, colon);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static int port(String value) {
        try {
            int p = Integer.parseInt(value);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("agent.failover.rfc2136.server: '" + value + "' is not a port");
    }
}
