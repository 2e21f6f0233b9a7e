package io.saasagent.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.ToDoubleFunction;

/**
 * {@code certificate_expiry_seconds}: time left to a certificate's notAfter (negative once expired), for
 * a cert-manager Certificate check ({@code check}) and a {@code tls} dependency ({@code dependency}).
 * One series name for both, so one alert covers both; the label that does not apply is empty, which
 * Prometheus reads as absent (and a registry demands the same label names on every series of a name).
 */
final class CertificateExpiryGauge {
    static final String SUFFIX = "certificate_expiry_seconds";

    private CertificateExpiryGauge() {
    }

    static <T> void register(MeterRegistry meters, String metric, String check, String dependency, T source, ToDoubleFunction<T> value) {
        Gauge.builder(metric, source, value).description("Seconds until the certificate's notAfter (negative: expired); NaN until measured")
                .tag("check", check).tag("dependency", dependency).strongReference(true).register(meters);
    }
}
