package io.saasagent.probe;

import io.saasagent.testing.FreePorts;
import io.saasagent.testing.PrivateRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rediss:// against redis-server's own TLS port, with certificates made here by openssl: the server's
 * name is verified, so a certificate for another name is a rejection; the right one, trusted through
 * tls-ca-file, is healthy.
 */
@Timeout(60)
class RedisTlsTest {

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("openssl %s finished", args[0]).isTrue();
        assertThat(p.exitValue()).as("openssl %s", String.join(" ", args)).isZero();
    }

    /** A CA, and a server certificate it signed for {@code san} (e.g. "IP:127.0.0.1"). */
    private static void certificates(Path dir, String name, String san) throws Exception {
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=agent test CA");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        java.nio.file.Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + san + "\n");
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".pem",
                "-days", "2", "-extfile", name + ".ext");
    }

    private static ProbeResult check(int tlsPort, Path ca) {
        ProbeTarget target = TestTargets.target("cache", "redis", "rediss://127.0.0.1:" + tlsPort,
                Map.of("tls-ca-file", ca.toString(), "timeout", "2s"), Clock.systemUTC());
        try (Probe probe = ProbeFactory.create(target, new ProbeContext(null))) {
            return probe.check();
        }
    }

    @Test
    void aCertificateForAnotherNameIsRejectedAndTheRightOneIsHealthy(@TempDir Path dir) throws Exception {
        certificates(dir, "other", "DNS:cache.other.example");
        java.nio.file.Files.copy(dir.resolve("ca.pem"), dir.resolve("ca-other.pem"));
        int wrongPort = FreePorts.next();
        try (PrivateRedis wrong = new PrivateRedis().withTls(wrongPort, dir.resolve("other.pem"), dir.resolve("other.key"),
                dir.resolve("ca.pem")).start()) {
            ProbeResult r = check(wrongPort, dir.resolve("ca-other.pem"));
            assertThat(r.success()).isFalse();
            assertThat(r.failureClass()).as("%s", r.error()).isEqualTo(FailureClass.REJECTED);
            System.out.printf("[probe-tests] rediss with a certificate for another name: %s%n", r.error());
        }
        Path right = dir.resolve("right");
        java.nio.file.Files.createDirectories(right);
        certificates(right, "cache", "IP:127.0.0.1,DNS:localhost");
        int rightPort = FreePorts.next();
        try (PrivateRedis good = new PrivateRedis().withTls(rightPort, right.resolve("cache.pem"), right.resolve("cache.key"),
                right.resolve("ca.pem")).start()) {
            ProbeResult r = check(rightPort, right.resolve("ca.pem"));
            assertThat(r.success()).as("%s", r.error()).isTrue();
            assertThat(r.details()).containsKey("version");
            // The same server, trusted only through the other CA: refused too, and a rejection.
            ProbeResult untrusted = check(rightPort, dir.resolve("ca-other.pem"));
            assertThat(untrusted.failureClass()).as("%s", untrusted.error()).isEqualTo(FailureClass.REJECTED);
        }
    }
}
