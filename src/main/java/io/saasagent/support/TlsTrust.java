package io.saasagent.support;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;

/**
 * The one way a probe trusts a TLS server: the JVM's default trust store, or only the CA
 * certificates of a dependency's {@code tls-ca-file} (PEM, one or more certificates). Host names
 * are verified like an HTTPS client does ({@link #verifyHostName}), so a certificate for another
 * name is refused.
 */
public final class TlsTrust {

    private TlsTrust() {
    }

    /** The SSL context trusting {@code caFile}'s certificates, or the default one when empty. */
    public static SSLContext context(Optional<String> caFile) {
        try {
            if (caFile.isEmpty()) {
                return SSLContext.getDefault();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagers(Path.of(caFile.get())).getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot use tls-ca-file " + caFile.orElse("") + ": " + e.getMessage(), e);
        }
    }

    /**
     * The trust manager of {@code caFile} (or the JVM's default), for a client that must see the served
     * chain even when it fails verification (the tls probe reports a failing certificate's expiry too).
     */
    public static X509ExtendedTrustManager trustManager(Optional<String> caFile) {
        try {
            TrustManagerFactory tmf;
            if (caFile.isPresent()) {
                tmf = trustManagers(Path.of(caFile.get()));
            } else {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
            }
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new GeneralSecurityException("no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot use tls-ca-file " + caFile.orElse("") + ": " + e.getMessage(), e);
        }
    }

    /** Checks {@code caFile} is a readable PEM with at least one certificate; empty when it is, else the problem. */
    public static Optional<String> problem(String caFile) {
        try {
            trustManagers(Path.of(caFile));
            return Optional.empty();
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return Optional.of("cannot read CA certificates from " + caFile + ": " + e.getMessage());
        }
    }

    /** Asks the socket's handshake to verify the peer's host name (the HTTPS rule), before it starts. */
    public static SSLSocket verifyHostName(SSLSocket socket) {
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        return socket;
    }

    private static TrustManagerFactory trustManagers(Path caFile) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(caFile)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the file");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate cert : certs) {
            store.setCertificateEntry("ca-" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }
}
