package io.saasagent.cluster.check;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.saasagent.support.SigV4;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The signed ListObjectsV2 GET against S3's real answer shapes (a page with entities in its keys, an error body,
 * an answer that is no listing, a hung answer): what s3rver (ObjectStoreCheckTest) does not show.
 */
class S3ListingTest {
    private WireMockServer s3;
    private S3Listing listing;

    @BeforeEach
    void start() {
        s3 = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        s3.start();
        listing = new S3Listing(URI.create("http://127.0.0.1:" + s3.port()), "eu-central-1", true, Duration.ofSeconds(10),
                () -> new SigV4.Credentials("AKIDEXAMPLE", "secret-never-sent", "session-token"));
    }

    @AfterEach
    void stop() {
        s3.stop();
    }

    @Test
    void aPageIsReadFromS3sXmlAndTheRequestIsSigned() throws Exception {
        s3.stubFor(get(urlPathEqualTo("/my-bucket")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/xml").withBody("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>my-bucket</Name><Prefix>nats/</Prefix>\
                <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken><KeyCount>2</KeyCount>\
                <MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>\
                <Contents><Key>nats/a&amp;b &lt;1&gt;.tar.gz</Key><LastModified>2025-12-14T02:00:00.000Z</LastModified>\
                <ETag>&quot;599bab3ed2c697f1d26842727561fd94&quot;</ETag><ChecksumAlgorithm>CRC32</ChecksumAlgorithm>\
                <Size>2048</Size><StorageClass>STANDARD</StorageClass></Contents>\
                <Contents><Key>nats/&#x00E9;t&#233;</Key><LastModified>2025-12-13T02:00:00.000Z</LastModified><Size>1</Size></Contents>\
                </ListBucketResult>""")));
        S3Listing.Page page = listing.list("my-bucket", "nats/", null, null, Duration.ofSeconds(10));
        assertThat(page.truncated()).isTrue();
        assertThat(page.nextToken()).isEqualTo("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
        assertThat(page.contents()).containsExactly(
                new S3Listing.Item("nats/a&b <1>.tar.gz", Instant.parse("2025-12-14T02:00:00Z"), 2048),
                new S3Listing.Item("nats/été", Instant.parse("2025-12-13T02:00:00Z"), 1));
        s3.verify(getRequestedFor(urlPathEqualTo("/my-bucket"))
                .withQueryParam("list-type", matching("2")).withQueryParam("max-keys", matching("1000")).withQueryParam("prefix", matching("nats/"))
                .withHeader("x-amz-security-token", matching("session-token"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-central-1/s3/aws4_request, "
                        + "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}")));
        assertThat(s3.getAllServeEvents().get(0).getRequest().toString()).doesNotContain("secret-never-sent");
    }

    @Test
    void anErrorAnswerCarriesItsStatusAndCode() {
        s3.stubFor(get(urlPathEqualTo("/my-bucket")).willReturn(aResponse().withStatus(403).withBody(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
                        + "<RequestId>656c76696e6727732072657175657374</RequestId></Error>")));
        assertThatThrownBy(() -> listing.list("my-bucket", "", null, null, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(S3Listing.Refused.class, e -> {
                    assertThat(e.status).isEqualTo(403);
                    assertThat(e.code).isEqualTo("AccessDenied");
                });
        s3.resetAll();
        s3.stubFor(get(urlPathEqualTo("/my-bucket")).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> listing.list("my-bucket", "", null, null, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(S3Listing.Refused.class, e -> assertThat(e.code).isNull());
    }

    @Test
    void anAnswerThatIsNoListingAndAHungOneAreFailures() {
        s3.stubFor(get(urlPathEqualTo("/my-bucket")).willReturn(aResponse().withStatus(200).withBody("<html>captive portal</html>")));
        assertThatThrownBy(() -> listing.list("my-bucket", "", null, null, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(S3Listing.Failed.class, e -> assertThat(e.answered).isTrue())
                .hasMessageContaining("without a ListBucketResult");
        s3.resetAll();
        s3.stubFor(get(urlPathEqualTo("/my-bucket")).willReturn(aResponse().withStatus(200).withFixedDelay(8_000).withBody("<ListBucketResult/>")));
        long begin = System.nanoTime();
        assertThatThrownBy(() -> listing.list("my-bucket", "", null, null, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(S3Listing.Failed.class, e -> assertThat(e.timedOut).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
    }
}
