package io.saasagent.probe;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The one judgement of a certificate's time left, shared by the {@code tls} probe and the cert-manager
 * Certificate check: under {@code critical} (7 d) or expired is critical, under {@code warn} (30 d) a
 * warning, otherwise nothing to say.
 */
public record CertificateExpiry(boolean critical, String reason) {

    public static Optional<CertificateExpiry> judge(Duration left, Duration warn, Duration critical) {
        if (left.isNegative() || left.isZero()) {
            return Optional.of(new CertificateExpiry(true, "certificate expired " + days(left.negated()) + " ago"));
        }
        if (left.compareTo(critical) < 0) {
            return Optional.of(new CertificateExpiry(true, "certificate expires in " + days(left) + ", under " + days(critical)));
        }
        if (left.compareTo(warn) < 0) {
            return Optional.of(new CertificateExpiry(false, "certificate expires in " + days(left) + ", under " + days(warn)));
        }
        return Optional.empty();
    }

    static String days(Duration d) {
        return String.format(Locale.ROOT, "%.1f d", d.toSeconds() / 86_400.0);
    }
}
