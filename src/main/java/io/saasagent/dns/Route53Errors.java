package io.saasagent.dns;

import io.saasagent.support.AwsCredentialChain;
import io.saasagent.support.Redactor;
import io.saasagent.support.Retrier;

import java.util.Set;

/**
 * What a Route 53 API failure means: busy (another attempt, under the one retry policy) or wrong (a
 * clear, secret-free {@link DnsException} naming what to check).
 */
final class Route53Errors {
    /** Answers worth another attempt: Route 53 is busy, not wrong. */
    private static final Set<String> RETRYABLE = Set.of("Throttling", "ThrottlingException", "PriorRequestNotComplete",
            "RequestLimitExceeded", "ServiceUnavailable", "InternalFailure");
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "InvalidClientTokenId",
            "SignatureDoesNotMatch", "UnrecognizedClientException", "ExpiredToken", "IncompleteSignature", "NotAuthorizedException");

    private Route53Errors() {
    }

    /** One Route 53 call: an answer, or Route 53's error, or no answer. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws Route53Http.ApiError, Route53Http.Unreachable;
    }

    /** Route 53 failures, sorted: busy -> {@link Retrier.Again}; wrong -> {@link DnsException} with a clear, secret-free message. */
    static <T> T classified(Call<T> call, String hostedZoneId) throws DnsException, Retrier.Again {
        try {
            return call.call();
        } catch (Route53Http.ApiError e) {
            String code = e.code;
            String message = e.detail;
            int status = e.status;
            if (RETRYABLE.contains(code) || status >= 500) {
                throw new Retrier.Again("route53: " + code + " (HTTP " + status + ")");
            }
            if ("InvalidChangeBatch".equals(code) && lost(message)) {
                throw new DnsException.CasLost(Redactor.redact("route53: InvalidChangeBatch: " + message));
            }
            throw new DnsException(Redactor.redact(describe(code, status, message, hostedZoneId)), false);
        } catch (Route53Http.Unreachable e) {
            throw new Retrier.Again(Redactor.redact("route53: cannot reach the API: " + e.getMessage()));
        } catch (AwsCredentialChain.Unavailable e) {
            throw new DnsException("route53: " + e.getMessage() + " (or set agent.failover.route53.access-key-id and secret-access-key)", false);
        }
    }

    /**
     * A batch that lost to another writer: a DELETE whose set is gone or holds other values, or a CREATE of a set that
     * exists. Other InvalidChangeBatch answers (a conflicting CNAME, a malformed value) are configuration errors.
     */
    private static boolean lost(String message) {
        return message != null && (message.contains("Tried to delete resource record set")
                || (message.contains("Tried to create resource record set") && message.contains("already exists")));
    }

    private static String describe(String code, int status, String message, String hostedZoneId) {
        String detail = message == null || message.isBlank() ? "" : ": " + message;
        if ("InvalidChangeBatch".equals(code)) {
            return "route53: the change batch was rejected (InvalidChangeBatch)" + detail;
        }
        if ("NoSuchHostedZone".equals(code)) {
            return "route53: hosted zone " + hostedZoneId + " does not exist (NoSuchHostedZone): check agent.failover.route53.hosted-zone-id";
        }
        if (DENIED.contains(code) || status == 403) {
            return "route53: access denied (" + code + ", HTTP " + status + "): check the credentials and that the IAM policy allows "
                    + "route53:ListResourceRecordSets, route53:ChangeResourceRecordSets and route53:GetChange (and, for the region witness, "
                    + "route53:GetHealthCheckStatus)" + detail;
        }
        return "route53: " + code + " (HTTP " + status + ")" + detail;
    }
}
