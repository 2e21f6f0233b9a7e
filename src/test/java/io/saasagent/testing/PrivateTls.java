package io.saasagent.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real TLS servers on loopback (the JDK's SSLServerSocket), each serving a certificate the test makes
 * with keytool: signed by a private test CA ({@link #caFile()}, PEM, for {@code tls-ca-file}), for the
 * names given, valid from {@code startDaysAgo} days ago for {@code validityDays} days. Each connection
 * completes its handshake and is closed.
 */
public final class PrivateTls implements AutoCloseable {
    private static final String PASSWORD = "test-only-pass";
    private final Path dir;
    private final List<SSLServerSocket> servers = new ArrayList<>();

    public PrivateTls() {
        try {
            dir = Files.createTempDirectory("private-tls");
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Agent Test CA",
                    "-ext", "bc:c", "-validity", "365", "-keystore", "ca.p12", "-storetype", "PKCS12");
            keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", "ca.p12", "-file", "ca.pem");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test CA's certificate, PEM. */
    public String caFile() {
        return dir.resolve("ca.pem").toString();
    }

    /**
     * Starts a server whose certificate (for DNS name {@code host}) runs from {@code startDaysAgo} days ago
     * (negative: in the future) for {@code validityDays}; its port.
     */
    public int serve(String label, String host, int startDaysAgo, int validityDays) {
        String ks = label + ".p12";
        try {
            keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + host,
                    "-keystore", ks, "-storetype", "PKCS12");
            keytool("-certreq", "-alias", "leaf", "-keystore", ks, "-file", label + ".csr");
            keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", label + ".csr", "-outfile", label + ".pem", "-rfc",
                    "-startdate", (startDaysAgo >= 0 ? "-" : "+") + Math.abs(startDaysAgo) + "d", "-validity", String.valueOf(validityDays), "-ext", "san=dns:" + host);
            keytool("-importcert", "-alias", "ca", "-keystore", ks, "-file", "ca.pem", "-noprompt");
            keytool("-importcert", "-alias", "leaf", "-keystore", ks, "-file", label + ".pem", "-noprompt");
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve(ks))) {
                store.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            servers.add(server);
            Thread t = new Thread(() -> accept(server), "private-tls-" + label);
            t.setDaemon(true);
            t.start();
            return server.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void accept(SSLServerSocket server) {
        while (!server.isClosed()) {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout(2_000);
                s.startHandshake();
            } catch (IOException e) {
                // a client that refused the certificate, or the server closed
            }
        }
    }

    private void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("keytool"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storepass", PASSWORD, "-keypass", PASSWORD));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        servers.forEach(s -> {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        });
    }
}
