package io.saasagent.packaging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh self-signed certificate for 127.0.0.1 (subject alternative name ip:127.0.0.1), made with the JDK's own
 * keytool so no extra package is needed: a PKCS12 keystore for the TLS server, its certificate as a PEM file (the
 * agent's {@code tls-ca-file}) and as a PKCS12 trust store (the process-wide {@code javax.net.ssl.trustStore}).
 */
record SelfSignedCertificate(Path keystore, Path pem, Path truststore) {
    static final String PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

    static SelfSignedCertificate forLoopback(Path dir) throws IOException, InterruptedException {
        Path keystore = dir.resolve("server.p12");
        Path pem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "30", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        Path truststore = dir.resolve("trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", pem.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", PASSWORD);
        return new SelfSignedCertificate(keystore, pem, truststore);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out);
        }
    }
}
