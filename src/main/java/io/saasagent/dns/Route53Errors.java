package io.saasagent.dns;

import io.saasagent.support.Redactor;
import io.saasagent.support.Retrier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern MESSAGE = Pattern.compile("<Message>(.*?)</Message>", Pattern.DOTALL);

    private Route53Errors() {
    }

    /** SDK failures, sorted: busy -> {@link Retrier.Again}; wrong -> {@link DnsException} with a clear, secret-free message. */
    static <T> T classified(Supplier<T> call, String hostedZoneId) throws DnsException, Retrier.Again {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
            if (code == null) {
                // InvalidChangeBatch comes in an envelope of its own (<InvalidChangeBatch><Messages>), which the SDK leaves unparsed.
                String raw = e.awsErrorDetails() == null || e.awsErrorDetails().rawResponse() == null
                        ? "" : e.awsErrorDetails().rawResponse().asUtf8String();
                code = raw.contains("<InvalidChangeBatch") ? "InvalidChangeBatch" : "UnknownError";
                message = raw.contains("<InvalidChangeBatch") ? messages(raw) : null;
            }
            int status = e.statusCode();
            if (RETRYABLE.contains(code) || status >= 500) {
                throw new Retrier.Again("route53: " + code + " (HTTP " + status + ")");
            }
            if ("InvalidChangeBatch".equals(code) && lost(message)) {
                throw new DnsException.CasLost(Redactor.redact("route53: InvalidChangeBatch: " + message));
            }
            throw new DnsException(Redactor.redact(describe(code, status, message, hostedZoneId)), false);
        } catch (SdkClientException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (message.contains("credentials")) {
                throw new DnsException("route53: no AWS credentials: set agent.failover.route53.access-key-id and "
                        + "secret-access-key, or provide them to the SDK's default chain", false);
            }
            throw new Retrier.Again(Redactor.redact("route53: cannot reach the API: " + message));
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

    /** The Message elements of an error envelope, joined. */
    static String messages(String xml) {
        Matcher m = MESSAGE.matcher(xml);
        List<String> all = new ArrayList<>();
        while (m.find()) {
            all.add(m.group(1).replace("&apos;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
        }
        return String.join("; ", all);
    }
}
