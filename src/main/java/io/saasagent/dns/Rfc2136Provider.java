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
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 2136 dynamic update, signed with a TSIG key, sent to the zone's primary server (BIND, PowerDNS,
 * Knot). A write is one UPDATE message deleting the record set and adding the new one, which the
 * server applies atomically. Reads are direct queries to that same server (over TCP, recursion off,
 * TSIG-signed so the answer that decides "unchanged" is authenticated), never through a resolver
 * that could serve a cached answer.
 *
 * <p>{@link #swap} is the zone's compare-and-set: one UPDATE whose prerequisite section holds, per change,
 * "RRset exists (value dependent)" with every value of {@code before} (RFC 2136 3.2.3: the server compares the
 * whole RRset, values only, TTL not compared) or "RRset does not exist"; the server checks them and applies the
 * updates as one transaction, or none (NXRRSET/YXRRSET: {@link DnsException.CasLost}).
 *
 * <p>Ownership: external-dns's TXT registry keeps {@code "heritage=external-dns,external-dns/owner=..."}
 * in a TXT record at the same name by default; with {@code --txt-prefix} it sits at a prefixed name,
 * which this provider does not read (configure external-dns without a prefix for this record, or
 * set force-ownership).
 */
public final class Rfc2136Provider implements DnsProvider {
    /** Answers a query may carry: a name that does not exist is an empty answer. */
    private static final Set<Integer> QUERY_ANSWERS = Set.of(Rcode.NXDOMAIN);
    /** Answers of an update whose prerequisites failed: another writer moved first. */
    private static final Set<Integer> PREREQUISITE_FAILED = Set.of(Rcode.NXRRSET, Rcode.YXRRSET, Rcode.NXDOMAIN, Rcode.YXDOMAIN);

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
    private final Rfc2136Records records;
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
        this.zone = Rfc2136Records.name("agent.failover.rfc2136.zone", zone);
        this.records = new Rfc2136Records(this.zone);
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
        this.tsig = new TSIG(algorithmName, Rfc2136Records.name("agent.failover.rfc2136.tsig-key-name", keyName), key);
        this.timeout = timeout;
    }

    @Override
    public String id() {
        return "rfc2136";
    }

    @Override
    public Optional<DnsRecord> read(String name, String type) throws DnsException {
        Name owner = Rfc2136Records.name("record", name);
        int rrType = Rfc2136Records.type(type);
        Message query = Message.newQuery(Record.newRecord(owner, rrType, DClass.IN));
        query.getHeader().unsetFlag(Flags.RD);
        Message response = send(query, "query " + owner + " " + type, QUERY_ANSWERS);
        List<Record> answers = response.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == rrType && r.getName().equals(owner)).toList();
        if (answers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DnsRecord(owner.toString(), type, answers.stream().map(Rfc2136Records::value).toList(),
                answers.get(0).getTTL(), null, null));
    }

    @Override
    public List<String> ownership(String name) throws DnsException {
        Name owner = Rfc2136Records.name("record", name);
        Message query = Message.newQuery(Record.newRecord(owner, Type.TXT, DClass.IN));
        query.getHeader().unsetFlag(Flags.RD);
        Message response = send(query, "query " + owner + " TXT", QUERY_ANSWERS);
        return response.getSection(Section.ANSWER).stream()
                .filter(r -> r instanceof TXTRecord && r.getName().equals(owner)).map(Rfc2136Records::value).toList();
    }

    @Override
    public String write(DnsRecord record) throws DnsException {
        Update update = new Update(zone);
        records.replace(update, record);
        Message response = send(update, "update " + record.name() + " " + record.type(), Set.of());
        return changeId(response);
    }

    @Override
    public String swap(RecordSwap swap) throws DnsException {
        Update update = new Update(zone);
        for (RecordSwap.Change change : swap.changes()) {
            records.require(update, change.after().name(), change.after().type(), change.before());
        }
        for (RecordSwap.Change change : swap.changes()) {
            records.replace(update, change.after());
        }
        Message response = send(update, "swap " + describe(swap), PREREQUISITE_FAILED);
        if (response.getRcode() != Rcode.NOERROR) {
            throw new DnsException.CasLost(notAsExpected(swap) + " (" + Rcode.string(response.getRcode()) + " from " + server() + ")");
        }
        return changeId(response);
    }

    /** Which record sets differ from their {@code before} now, re-read (the server's answer does not say which). */
    private String notAsExpected(RecordSwap swap) {
        List<String> differing = new ArrayList<>();
        for (RecordSwap.Change change : swap.changes()) {
            DnsRecord after = change.after();
            try {
                Optional<DnsRecord> now = read(after.name(), after.type());
                boolean asExpected = change.before() == null ? now.isEmpty()
                        : now.isPresent() && now.get().sameValues(change.before());
                if (!asExpected) {
                    differing.add(after.name() + " " + after.type() + " is " + now.map(r -> String.join(",", r.values())).orElse("absent")
                            + ", expected " + (change.before() == null ? "absent" : String.join(",", change.before().values())));
                }
            } catch (DnsException e) {
                differing.add(after.name() + " " + after.type() + " (cannot re-read: " + e.getMessage() + ")");
            }
        }
        return differing.isEmpty() ? describe(swap) + " not as expected (changed again since)" : String.join("; ", differing);
    }

    private static String describe(RecordSwap swap) {
        return String.join(", ", swap.changes().stream().map(c -> c.after().name() + " " + c.after().type()).toList());
    }

    private String changeId(Message response) {
        return "rfc2136:" + server.getHostString() + ":" + server.getPort() + "/id=" + response.getHeader().getID();
    }

    /** @param answers rcodes returned to the caller rather than thrown */
    private Message send(Message message, String what, Set<Integer> answers) throws DnsException {
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
        if (rcode != Rcode.NOERROR && !answers.contains(rcode)) {
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
