package io.saasagent.cluster.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.saasagent.config.ConfigError;
import io.saasagent.probe.CertificateExpiry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code certificate}: a cert-manager Certificate. Time left to {@code status.notAfter}: degraded under
 * {@code cert-expiry-warn} (30 d, the runbook's alert), unhealthy under {@code cert-expiry-critical}
 * (7 d) or expired; not Ready (a renewal failing, say) is degraded while the certificate is still valid.
 * It has no age: the time left is its figure.
 */
final class CertificateCheck extends KubernetesObjectCheck {
    static final String KIND = "certificate";
    private final Objectives.Limits left;

    CertificateCheck(CheckSpec spec, List<ConfigError> errors) {
        super(spec);
        Objectives o = new Objectives(spec, errors);
        left = o.limits("cert-expiry-warn", Duration.ofDays(30), "cert-expiry-critical", Duration.ofDays(7), false);
        o.rejectUnknown();
    }

    @Override
    public String objective() {
        return "Ready, expiring in more than " + left.words();
    }

    @Override
    ApiType type() {
        return ApiType.CERTIFICATE;
    }

    @Override
    CheckResult judge(GenericKubernetesResource cert, ClusterObjects api, String namespace, Instant now) {
        Assessment a = new Assessment(objective());
        Map<?, ?> ready = Fields.condition(cert, "Ready");
        Instant notAfter = Durations.time(Fields.at(cert, "status", "notAfter"));
        a.detail("ready", ready.get("status")).detail("not_after", notAfter == null ? null : notAfter.toString())
                .detail("renewal_time", Fields.text(cert, "status", "renewalTime"));
        if (!Fields.isTrue(ready)) {
            a.degraded("not Ready: " + Fields.explain(ready));
        }
        if (notAfter == null) {
            return a.unhealthy("not issued (no status.notAfter)").result(now);
        }
        Duration remaining = Duration.between(now, notAfter);
        a.expiresIn(remaining);
        CertificateExpiry.judge(remaining, left.warn(), left.critical()).ifPresent(j -> {
            if (j.critical()) {
                a.unhealthy(j.reason());
            } else {
                a.degraded(j.reason());
            }
        });
        return a.result(now);
    }
}
