package io.saasagent.coordination;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.saasagent.support.Failures;
import io.saasagent.support.Redactor;

/** A failed Kubernetes API call as a short reason: unreachable (no answer) or the status it answered. */
final class ApiFailure {
    private ApiFailure() {
    }

    static String describe(KubernetesClientException e) {
        if (e.getCode() > 0) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
            return Redactor.redact("kubernetes API answered " + e.getCode() + ": " + message);
        }
        return Redactor.redact("kubernetes API unreachable: " + Failures.describe(e));
    }

    static boolean is(KubernetesClientException e, int code) {
        return e.getCode() == code;
    }
}
