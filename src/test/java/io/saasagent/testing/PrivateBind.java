package io.saasagent.testing;

import io.saasagent.dns.Rfc2136Provider;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A private BIND 9 ({@code named -g}) on a free loopback port, authoritative for one test zone that
 * accepts RFC 2136 updates signed with a fresh random TSIG key. Typical use, one server per test class:
 * <pre>{@code
 * @RegisterExtension
 * static final PrivateBind bind = new PrivateBind();   // started before all tests, closed after them
 *
 *     Rfc2136Provider provider = bind.provider();        // signed with KEY, as the agent is configured
 *     bind.a("api.example.test.");                       // what BIND answers now
 *     bind.serial();                                     // +1 per applied update: counts DNS writes
 * }</pre>
 * Or by hand: {@code try (PrivateBind bind = new PrivateBind().start()) { ... }}.
 *
 * <p>The zone {@code example.test.} holds {@code api} A 192.0.2.10 (TTL 60) and {@code owned}, an A
 * record with an external-dns ownership TXT of another owner. Two keys: {@link #KEY} may update any
 * name in the zone; {@link #READONLY_KEY} is known to the server but granted nothing (REFUSED).
 * Everything lives in the work dir (config, zone, journal, pid); named runs as the current user.
 */
public final class PrivateBind extends PrivateServer<PrivateBind> implements BeforeAllCallback, AfterAllCallback {
    public static final String ZONE = "example.test.";
    public static final String KEY = "agent-key";
    public static final String READONLY_KEY = "readonly-key";
    public static final String PRIMARY = "192.0.2.10";
    public static final String DR = "198.51.100.10";

    /** The provider's timeout in the tests: generous for a loopback server on a loaded machine. */
    public static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration QUERY_TIMEOUT = Duration.ofMillis(500);
    private final String secret = randomKey();
    private final String readonlySecret = randomKey();

    public PrivateBind() {
        super("bind");
    }

    /** {@code 127.0.0.1:<port>}, the value of agent.failover.rfc2136.server. */
    public String server() {
        return hostPort();
    }

    public String zone() {
        return ZONE;
    }

    /** The base64 TSIG secret of {@link #KEY}. */
    public String secret() {
        return secret;
    }

    public String readonlySecret() {
        return readonlySecret;
    }

    /** The agent's provider on this server: TSIG {@link #KEY}, hmac-sha256, {@link #PROVIDER_TIMEOUT}. */
    public Rfc2136Provider provider() {
        return provider(KEY, secret);
    }

    /** A provider on this server signed with another key or secret (a wrong one, the read-only key). */
    public Rfc2136Provider provider(String key, String keySecret) {
        return new Rfc2136Provider(server(), zone(), key, "hmac-sha256", keySecret, PROVIDER_TIMEOUT);
    }

    /** As a JUnit extension ({@code @RegisterExtension static}): one server for the test class. */
    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /**
     * A change by hand, as an operator (or another writer) would make it: the real {@code nsupdate}, TSIG-signed
     * with {@link #KEY} (from a key file in the server's own directory, never on a command line).
     */
    public void nsupdate(String... updates) throws IOException, InterruptedException {
        Path key = workDir().resolve("nsupdate.key");
        Files.writeString(key, "key \"" + KEY + "\" { algorithm hmac-sha256; secret \"" + secret + "\"; };\n");
        Process p = new ProcessBuilder(executable("/usr/bin/nsupdate"), "-k", key.toString()).redirectErrorStream(true).start();
        String script = "server " + HOST + " " + port() + "\nzone " + ZONE + "\n" + String.join("\n", updates) + "\nsend\n";
        p.getOutputStream().write(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("nsupdate failed: " + out);
        }
    }

    /** The SOA serial: BIND increments it once per applied update. */
    public long serial() {
        return query(ZONE, Type.SOA).stream().filter(r -> r instanceof SOARecord).map(r -> ((SOARecord) r).getSerial())
                .findFirst().orElseThrow(() -> new IllegalStateException("no SOA from " + this));
    }

    /** The A addresses BIND answers for {@code name} now (a real query, recursion off). */
    public List<String> a(String name) {
        return query(name, Type.A).stream().map(Record::rdataToString).toList();
    }

    /** The TXT strings BIND answers for {@code name} now, each unquoted and joined (empty when none). */
    public List<String> txt(String name) {
        return query(name, Type.TXT).stream().filter(r -> r instanceof org.xbill.DNS.TXTRecord)
                .map(r -> String.join("", ((org.xbill.DNS.TXTRecord) r).getStrings())).toList();
    }

    /** The lines of the server log that record an applied update (one per record set changed). */
    public long updatesLogged() {
        return logs().lines().filter(l -> l.contains("updating zone") && l.contains("adding an RR")).count();
    }

    @Override
    protected void prepare(Path dir) throws IOException {
        Files.writeString(dir.resolve("named.conf"), """
                options {
                  directory "%1$s";
                  pid-file "%1$s/named.pid";
                  session-keyfile "%1$s/session.key";
                  managed-keys-directory "%1$s";
                  listen-on { 127.0.0.1; };
                  listen-on-v6 { none; };
                  recursion no;
                  dnssec-validation no;
                  notify no;
                };
                controls { };
                key "%2$s" { algorithm hmac-sha256; secret "%3$s"; };
                key "%4$s" { algorithm hmac-sha256; secret "%5$s"; };
                zone "example.test" {
                  type primary;
                  file "%1$s/example.test.zone";
                  update-policy { grant %2$s zonesub ANY; };
                };
                """.formatted(dir, KEY, secret, READONLY_KEY, readonlySecret));
        Files.writeString(dir.resolve("example.test.zone"), """
                $TTL 60
                @      IN SOA ns1.example.test. hostmaster.example.test. ( 1 60 60 3600 60 )
                @      IN NS  ns1.example.test.
                ns1    IN A   127.0.0.1
                api    60 IN A %s
                owned  60 IN A %s
                owned  60 IN TXT "heritage=external-dns,external-dns/owner=another-cluster,external-dns/resource=service/x/y"
                """.formatted(PRIMARY, PRIMARY));
    }

    @Override
    protected List<String> command(int port, Path dir) {
        return List.of(executable("/usr/sbin/named", "/usr/bin/named"), "-g", "-n", "1",
                "-c", dir.resolve("named.conf").toString(), "-p", Integer.toString(port));
    }

    @Override
    protected boolean answers(int port) {
        try {
            return send(port, ZONE, Type.SOA).getRcode() == Rcode.NOERROR;
        } catch (IOException e) {
            return false;
        }
    }

    private List<Record> query(String name, int type) {
        try {
            return send(port(), name, type).getSection(Section.ANSWER);
        } catch (IOException e) {
            throw new UncheckedIOException("query " + name + " to " + this, e);
        }
    }

    private static Message send(int port, String name, int type) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(HOST, port));
        resolver.setTimeout(QUERY_TIMEOUT);
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        query.getHeader().unsetFlag(Flags.RD);
        return resolver.send(query);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The secrets never appear in toString (tests print servers in messages). */
    @Override
    public String toString() {
        return "PrivateBind[" + hostPort() + ", zone " + ZONE + "]";
    }
}
