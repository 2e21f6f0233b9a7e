package io.saasagent.region;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatTest {

    @Test
    void formatsAndParsesQuotedOrNot() {
        Heartbeat h = new Heartbeat("eu-west-1", 7, 1_796_000_000L);
        assertEquals("owner=eu-west-1;epoch=7;ts=1796000000", h.format());
        assertEquals(h, Heartbeat.parse(h.format()).orElseThrow());
        assertEquals(h, Heartbeat.parse("\"" + h.format() + "\"").orElseThrow());
    }

    @Test
    void aRefreshKeepsTheEpochAHandOverRaisesIt() {
        Heartbeat h = new Heartbeat("eu-west-1", 7, 100);
        Heartbeat refreshed = h.refreshed(Instant.ofEpochSecond(110));
        assertEquals(7, refreshed.epoch());
        assertEquals(110, refreshed.ts());
        Heartbeat taken = refreshed.handedTo("eu-central-1", Instant.ofEpochSecond(200));
        assertEquals("eu-central-1", taken.owner());
        assertEquals(8, taken.epoch());
    }

    @Test
    void somethingElseIsNotAHeartbeat() {
        assertTrue(Heartbeat.parse("heritage=external-dns,external-dns/owner=x").isEmpty());
        assertTrue(Heartbeat.parse("owner=eu-west-1;epoch=seven;ts=1").isEmpty());
        assertTrue(Heartbeat.parse("owner=eu-west-1;ts=1").isEmpty());
        assertTrue(Heartbeat.parse("").isEmpty());
        assertTrue(Heartbeat.parse("owner=;epoch=1;ts=1").isEmpty());
    }
}
