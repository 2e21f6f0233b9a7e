package io.saasagent.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * AWS Signature Version 4 of a request (S3's GET, Route 53's REST calls), as S3 wants it: the path encoded once, the
 * payload hash sent as {@code x-amz-content-sha256}. About eighty lines instead of the SDK's S3 client, its
 * endpoint rules and its model (issue 17: the binary's size). The headers returned are the ones to send;
 * {@code host} is signed but not returned, since the HTTP client derives it from the URL (which must
 * therefore carry no default port). The secret never leaves this class except as the HMAC chain's result.
 */
public final class SigV4 {
    /** SHA-256 of the empty payload. */
    public static final String EMPTY_PAYLOAD = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The credentials one request is signed with; {@code sessionToken} null for long-lived keys. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + "]";
        }
    }

    private SigV4() {
    }

    /**
     * @param host        the URL's host, with {@code :port} when not the scheme's default
     * @param path        the path as sent, already encoded ({@link #encode} each segment)
     * @param query       the query parameters, unencoded (they are encoded and sorted here; send {@link #query})
     */
    public static Map<String, String> sign(String method, String host, String path, Map<String, String> query,
                                           String region, String service, Credentials credentials, Instant at) {
        return sign(method, host, path, query, EMPTY_PAYLOAD, region, service, credentials, at);
    }

    /** The same, for a request with a body: {@code payloadHash} is {@link #sha256Hex} of the bytes sent. */
    public static Map<String, String> sign(String method, String host, String path, Map<String, String> query, String payloadHash,
                                           String region, String service, Credentials credentials, Instant at) {
        String stamp = STAMP.format(at);
        String day = stamp.substring(0, 8);
        TreeMap<String, String> headers = new TreeMap<>();
        headers.put("host", host);
        headers.put("x-amz-content-sha256", payloadHash);
        headers.put("x-amz-date", stamp);
        if (credentials.sessionToken() != null) {
            headers.put("x-amz-security-token", credentials.sessionToken());
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v.strip()).append('\n'));
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = method + "\n" + path + "\n" + query(query) + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + payloadHash;
        String scope = day + "/" + region + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + hex(sha256(canonicalRequest));
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(hmac(hmac(key, region), service), "aws4_request");
        String signature = hex(hmac(key, toSign));
        Map<String, String> send = new LinkedHashMap<>(headers);
        send.remove("host");
        send.put("authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return send;
    }

    /** The canonical query string: keys sorted, keys and values encoded (the same string goes on the URL). */
    public static String query(Map<String, String> query) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(query).forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(encode(k)).append('=').append(encode(v)));
        return sb.toString();
    }

    /** RFC 3986 percent-encoding as SigV4 wants it: everything but {@code A-Z a-z 0-9 - _ . ~}. */
    public static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Hex SHA-256 of a UTF-8 body. */
    public static String sha256Hex(String body) {
        return hex(sha256(body));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
