package io.saasagent.support;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The signer against AWS's own worked example ("GET Bucket (List Objects)", S3's SigV4 header-signing page). */
class SigV4Test {
    private static final SigV4.Credentials KEYS =
            new SigV4.Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);

    @Test
    void awsListObjectsExampleSignsToItsPublishedSignature() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("prefix", "J");
        query.put("max-keys", "2");
        Map<String, String> headers = SigV4.sign("GET", "examplebucket.s3.amazonaws.com", "/", query, "us-east-1", "s3", KEYS,
                Instant.parse("2013-05-24T00:00:00Z"));
        assertThat(SigV4.query(query)).isEqualTo("max-keys=2&prefix=J");
        assertThat(headers).containsEntry("x-amz-date", "20130524T000000Z").containsEntry("x-amz-content-sha256", SigV4.EMPTY_PAYLOAD)
                .doesNotContainKey("host")
                .containsEntry("authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
        assertThat(headers.toString()).doesNotContain(KEYS.secretAccessKey());
    }

    @Test
    void aSessionTokenIsSentAndSignedAndValuesAreEncodedOnce() {
        SigV4.Credentials session = new SigV4.Credentials("ASIA", "secret", "token/with+chars");
        Map<String, String> headers = SigV4.sign("GET", "h", "/b", Map.of("prefix", "a b/ü"), "eu-west-1", "s3", session, Instant.EPOCH);
        assertThat(headers).containsEntry("x-amz-security-token", "token/with+chars");
        assertThat(headers.get("authorization")).contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token");
        assertThat(SigV4.query(Map.of("prefix", "a b/ü~"))).isEqualTo("prefix=a%20b%2F%C3%BC~");
        assertThat(session.toString()).doesNotContain("secret").doesNotContain("token/");
    }
}
