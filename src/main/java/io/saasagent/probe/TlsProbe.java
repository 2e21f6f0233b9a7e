package io.saasagent.probe;

import io.saasagent.support.Failures;
import io.saasagent.support.TlsTrust;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tls://host:port} (443 by default): a TLS handshake with SNI from the host, the chain and the
 * host name verified like any client, trusting the dependency's {@code tls-ca-file} when given. The
 * figure is the served chain's earliest notAfter: degraded under {@code cert-expiry-warn}, a failed
 * probe under {@code cert-expiry-critical}, expired or not yet valid. A chain that fails verification
 * is still read (the trust manager sees it before it refuses), so its expiry is reported too.
 */
final class TlsProbe extends ConnectionProbe {
    private final Capturing trust;
    private final SSLContext context;

    TlsProbe(ProbeTarget target) {
        super(target);
        trust = new Capturing(TlsTrust.trustManager(target.tlsCaFile()));
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    protected ProbeResult attempt(long startNanos) throws Exception {
        String host = target.uri().getHost();
        int timeout = (int) target.timeout().toMillis();
        trust.chain = null;
        try (Socket plain = new Socket()) {
            plain.connect(Resolve.within(host, target.port(443), target.timeout()), Resolve.remainingMillis(target.timeout(), startNanos));
            plain.setSoTimeout(timeout);
            // The host name given here is the SNI and the name verified against the certificate.
            try (SSLSocket tls = TlsTrust.verifyHostName((SSLSocket) context.getSocketFactory().createSocket(plain, host, target.port(443), false))) {
                tls.setSoTimeout(timeout);
                String refused = null;
                try {
                    tls.startHandshake();
                } catch (SSLException e) {
                    if (trust.chain == null) {
                        throw e; // no certificate seen: a protocol failure, not a certificate one
                    }
                    refused = "certificate verification failed: " + Failures.describe(e);
                }
                return judge(trust.chain, refused, Latency.since(startNanos));
            }
        }
    }

    /** A certificate problem (not trusted, another name, not yet valid, expiring) is a rejection: renew it, never fail over. */
    private ProbeResult judge(X509Certificate[] chain, String refused, Duration latency) {
        Instant now = target.clock().instant();
        X509Certificate earliest = java.util.Arrays.stream(chain).min(Comparator.comparing(X509Certificate::getNotAfter)).orElseThrow();
        Instant notAfter = earliest.getNotAfter().toInstant();
        Duration left = Duration.between(now, notAfter);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("not_after", notAfter.toString());
        details.put("expires_in_seconds", left.toSeconds());
        details.put("days_left", Math.floor(left.toSeconds() / 8_640.0) / 10.0);
        details.put("subject", chain[0].getSubjectX500Principal().getName());
        details.put("issuer", earliest.getIssuerX500Principal().getName());
        details.put("verified", refused == null);
        Instant notBefore = java.util.Arrays.stream(chain).map(c -> c.getNotBefore().toInstant()).max(Comparator.naturalOrder()).orElseThrow();
        var expiry = CertificateExpiry.judge(left, target.thresholds().certExpiryWarn(), target.thresholds().certExpiryCritical());
        if (now.isBefore(notBefore)) {
            return ProbeResult.rejected(latency, "certificate not yet valid (notBefore " + notBefore + ")", details, now);
        }
        if (expiry.filter(CertificateExpiry::critical).isPresent()) {
            return ProbeResult.rejected(latency, expiry.get().reason() + (refused == null ? "" : "; " + refused), details, now);
        }
        if (refused != null) {
            return ProbeResult.rejected(latency, refused, details, now);
        }
        Verdict verdict = new Verdict();
        verdict.slow("handshake", latency, target.latencyBudget());
        expiry.ifPresent(e -> verdict.degraded(e.reason()));
        return verdict.result(target, latency, details);
    }

    /** Remembers the chain the server sent, then lets the real trust manager (and host name check) decide. */
    private static final class Capturing extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private volatile X509Certificate[] chain;

        Capturing(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
            chain = certs;
            delegate.checkServerTrusted(certs, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
            chain = certs;
            delegate.checkServerTrusted(certs, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
            chain = certs;
            delegate.checkServerTrusted(certs, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
            delegate.checkClientTrusted(certs, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkClientTrusted(certs, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
            delegate.checkClientTrusted(certs, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
