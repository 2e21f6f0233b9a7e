package io.saasagent.dns;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.saasagent.config.TestConfigs;
import io.saasagent.testing.MutableClock;
import io.saasagent.testing.RecordingSleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.saasagent.dns.CloudflareProviderTest.LIST_PATH;
import static io.saasagent.dns.CloudflareProviderTest.failure;
import static io.saasagent.dns.CloudflareProviderTest.json;
import static io.saasagent.dns.CloudflareProviderTest.ok;
import static io.saasagent.dns.CloudflareProviderTest.okList;
import static io.saasagent.dns.CloudflareProviderTest.record;
import static io.saasagent.dns.TakeOver.DR;
import static io.saasagent.dns.TakeOver.HEARTBEAT;
import static io.saasagent.dns.TakeOver.NAME;
import static io.saasagent.dns.TakeOver.NEW_BEAT;
import static io.saasagent.dns.TakeOver.OLD_BEAT;
import static io.saasagent.dns.TakeOver.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cloudflare's compare-and-set ({@link CloudflareProvider#swap}): read by name, compare, one /batch of deletes and posts. */
@Timeout(30)
class CloudflareSwapTest {
    private static final String BATCH_PATH = LIST_PATH + "/batch";
    private static final String A_ID = "372e67954025e0ba6aaa6d586b9e0b59";
    private static final String TXT_ID = "9f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String RECORD_GONE = failure(81044, "Record does not exist.");

    private WireMockServer server;
    private MutableClock clock;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .extensions(new FirstRequestWins(json(400, RECORD_GONE))));
        server.start();
        clock = new MutableClock();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private CloudflareProvider provider(boolean withRecordId) {
        return CloudflareProvider.create(TestConfigs.agent(CloudflareProviderTest.config(server, withRecordId)).failover(), clock,
                new RecordingSleeper(clock));
    }

    private static MappingBuilder list(String name, String type) {
        return get(urlPathEqualTo(LIST_PATH)).withQueryParam("type", equalTo(type)).withQueryParam("name", equalTo(name));
    }

    /** The primary's A record and heartbeat TXT, as Cloudflare lists them (TXT content in quotes). */
    private void primaryHolds(boolean proxied) {
        String a = record(A_ID, "api.example.test", "A", PRIMARY, proxied ? 1 : 60);
        server.stubFor(list("api.example.test", "A").willReturn(json(200, okList(proxied ? a.replace("\"proxied\":false", "\"proxied\":true") : a))));
        server.stubFor(list("_saas-agent.api.example.test", "TXT").willReturn(json(200,
                okList(record(TXT_ID, "_saas-agent.api.example.test", "TXT", "\"" + OLD_BEAT + "\"", 60)))));
    }

    private void batchApplies() {
        server.stubFor(post(urlPathEqualTo(BATCH_PATH)).willReturn(json(200, batchResult())));
    }

    private static String batchResult() {
        return ok("{\"deletes\":[" + record(A_ID, "api.example.test", "A", PRIMARY, 60) + "],\"patches\":[],\"puts\":[],\"posts\":["
                + record("4b1c7d9e2f3a4b5c6d7e8f9a0b1c2d3e", "api.example.test", "A", DR, 60) + ","
                + record("5c2d8e0f3a4b5c6d7e8f9a0b1c2d3e4f", "_saas-agent.api.example.test", "TXT", "\"" + NEW_BEAT + "\"", 60) + "]}");
    }

    private List<LoggedRequest> batches() {
        return server.findAll(postRequestedFor(urlPathEqualTo(BATCH_PATH)));
    }

    @Test
    void oneBatchDeletesTheRecordsReadByIdAndPostsTheNewOnes() throws Exception {
        primaryHolds(false);
        batchApplies();

        String id = provider(false).swap(TakeOver.swap());

        assertThat(id).isEqualTo("cloudflare-batch:4b1c7d9e2f3a4b5c6d7e8f9a0b1c2d3e,5c2d8e0f3a4b5c6d7e8f9a0b1c2d3e4f");
        assertThat(batches()).singleElement().satisfies(b -> assertThat(b.getHeader("Authorization")).isEqualTo("Bearer " + CloudflareProviderTest.TOKEN));
        server.verify(postRequestedFor(urlPathEqualTo(BATCH_PATH)).withRequestBody(equalToJson("""
                {"deletes":[{"id":"%s"},{"id":"%s"}],
                 "posts":[{"name":"api.example.test","type":"A","content":"%s","ttl":60},
                          {"name":"_saas-agent.api.example.test","type":"TXT","content":"\\"%s\\"","ttl":60}]}"""
                .formatted(A_ID, TXT_ID, DR, NEW_BEAT))));
    }

    @Test
    void aProxiedRecordStaysProxied() throws Exception {
        primaryHolds(true);
        batchApplies();

        provider(false).swap(RecordSwap.of(new RecordSwap.Change(DnsRecord.simple(NAME, "A", PRIMARY, 1), DnsRecord.simple(NAME, "A", DR, 60))));

        server.verify(postRequestedFor(urlPathEqualTo(BATCH_PATH)).withRequestBody(equalToJson("""
                {"deletes":[{"id":"%s"}],"posts":[{"name":"api.example.test","type":"A","content":"%s","proxied":true}]}"""
                .formatted(A_ID, DR))));
    }

    @Test
    void aStaleBeforeLosesWithoutABatch() {
        primaryHolds(false);
        batchApplies();
        RecordSwap stale = RecordSwap.of(new RecordSwap.Change(DnsRecord.simple(HEARTBEAT, "TXT", "owner=eu-west-1;epoch=1;ts=1699999990", 60),
                DnsRecord.simple(HEARTBEAT, "TXT", NEW_BEAT, 60)));

        assertThatThrownBy(() -> provider(false).swap(stale))
                .isInstanceOf(DnsException.CasLost.class)
                .hasMessageContaining(HEARTBEAT + " TXT is \"" + OLD_BEAT + "\", expected owner=eu-west-1;epoch=1;ts=1699999990");
        assertThat(batches()).isEmpty();
    }

    @Test
    void anAbsentBeforeIsPostsOnlyAndLosesWhenTheRecordExists() throws Exception {
        server.stubFor(list("_saas-agent.api.example.test", "TXT").willReturn(json(200, okList())));
        batchApplies();
        RecordSwap create = RecordSwap.of(new RecordSwap.Change(null, DnsRecord.simple(HEARTBEAT, "TXT", OLD_BEAT, 60)));

        provider(false).swap(create);

        server.verify(postRequestedFor(urlPathEqualTo(BATCH_PATH)).withRequestBody(equalToJson("""
                {"deletes":[],"posts":[{"name":"_saas-agent.api.example.test","type":"TXT","content":"\\"%s\\"","ttl":60}]}"""
                .formatted(OLD_BEAT))));
        primaryHolds(false);
        assertThatThrownBy(() -> provider(false).swap(create)).isInstanceOf(DnsException.CasLost.class).hasMessageContaining("expected absent");
        assertThat(batches()).hasSize(1);
    }

    @Test
    void aBatchWhoseRecordIsGoneIsALostSwap() {
        primaryHolds(false);
        server.stubFor(post(urlPathEqualTo(BATCH_PATH)).willReturn(json(400, RECORD_GONE)));

        assertThatThrownBy(() -> provider(false).swap(TakeOver.swap()))
                .isInstanceOf(DnsException.CasLost.class).hasMessageContaining("81044 Record does not exist.")
                .satisfies(e -> assertThat(((DnsException) e).retryable()).isFalse());
    }

    @Test
    void aBatchRejectedForAnotherReasonIsAnErrorNotALostSwap() {
        primaryHolds(false);
        server.stubFor(post(urlPathEqualTo(BATCH_PATH)).willReturn(json(400, failure(9005, "Content for A record must be a valid IPv4 address."))));

        assertThatThrownBy(() -> provider(false).swap(TakeOver.swap()))
                .isInstanceOf(DnsException.class).isNotInstanceOf(DnsException.CasLost.class).hasMessageContaining("9005");
    }

    @Test
    void aRateLimitedBatchIsRetryableAndSentOnce() {
        primaryHolds(false);
        server.stubFor(post(urlPathEqualTo(BATCH_PATH)).willReturn(json(429, failure(971, "Please wait and consider throttling your request speed"))));

        assertThatThrownBy(() -> provider(false).swap(TakeOver.swap()))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(batches()).as("one attempt: the actuator retries, fenced").hasSize(1);
    }

    @Test
    void aConfiguredRecordIdHasNoCompareAndSet() {
        assertThatThrownBy(() -> provider(true).swap(TakeOver.swap()))
                .isNotInstanceOf(DnsException.CasLost.class).hasMessageContaining("unset agent.failover.cloudflare.record-id");
    }

    /** Two standbys read the same record ids and send their batches at once: the ids are deleted once. */
    @Test
    void twoSwapsAtOnceExactlyOneSucceeds() throws Exception {
        primaryHolds(false);
        server.stubFor(post(urlPathEqualTo(BATCH_PATH)).willReturn(json(200, batchResult()).withTransformers(FirstRequestWins.NAME)));
        List<Callable<String>> swaps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CloudflareProvider own = provider(false);
            swaps.add(() -> own.swap(TakeOver.swap()));
        }

        SwapRace.exactlyOneWon(SwapRace.run(swaps));

        assertThat(batches()).hasSize(2);
    }
}
