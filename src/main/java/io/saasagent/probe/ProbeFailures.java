package io.saasagent.probe;

/**
 * A probe's failures: their class (outage or rejected) and their results. Their wording lives in
 * {@link io.saasagent.support.Failures}, shared with the layers above.
 */
public final class ProbeFailures {
    private ProbeFailures() {
    }



    /** The failed result of a check that began at {@code startNanos} (System.nanoTime). */
    static ProbeResult down(ProbeTarget target, long startNanos, String reason) {
        return failed(target, startNanos, FailureClass.OUTAGE, reason);
    }

    static ProbeResult failed(ProbeTarget target, long startNanos, FailureClass failureClass, String reason) {
        return ProbeResult.failed(failureClass, Latency.since(startNanos), reason, java.util.Map.of(), target.clock().instant());
    }

    /**
     * The class of a failure that no protocol reply explains: a certificate the agent does not trust
     * (or issued for another name) is a rejection, to fix in trust or the certificate, never by moving
     * the region; everything else (refused, reset, timeout, unresolvable) is an outage.
     */
    public static FailureClass classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.security.cert.CertificateException || t instanceof javax.net.ssl.SSLPeerUnverifiedException
                    || t instanceof java.security.cert.CertPathValidatorException) {
                return FailureClass.REJECTED;
            }
            if (t instanceof javax.net.ssl.SSLHandshakeException && t.getMessage() != null
                    && (t.getMessage().contains("PKIX") || t.getMessage().contains("certificate")
                    || t.getMessage().contains("subject alternative"))) {
                return FailureClass.REJECTED;
            }
        }
        return FailureClass.OUTAGE;
    }

    /** An HTTP status that is a failure: 4xx is the dependency refusing us; anything else (5xx, 1xx, 3xx unexpected) an outage. */
    public static FailureClass ofStatus(int status) {
        return status >= 400 && status < 500 ? FailureClass.REJECTED : FailureClass.OUTAGE;
    }

}
