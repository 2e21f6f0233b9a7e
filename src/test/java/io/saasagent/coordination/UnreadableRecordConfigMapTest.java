package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.saasagent.dns.DnsRecord;
import io.saasagent.failover.record.FailoverState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static io.saasagent.coordination.Fleet.DR;
import static io.saasagent.coordination.Fleet.RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record's ConfigMap hand-edited into something that does not parse, while DNS answers the DR
 * target: the holder copies the key beside it (the record's own key untouched, byte for byte), names it
 * in /failover, pages once for the fleet and takes the state from DNS; nobody writes over it.
 */
@Timeout(120)
class UnreadableRecordConfigMapTest {
    static final String TORN = "{\"state\":\"failed_over\",\"incidents\":3,\"incident\":{\"id\":\"inc";
    private final Fleet fleet = new Fleet(3);

    @AfterEach
    void tearDown() throws IOException {
        fleet.close();
    }

    private ConfigMap record() {
        return fleet.api.admin().configMaps().inNamespace(MockApi.NAMESPACE).withName("saas-agent-failover-record").get();
    }

    @Test
    void anUnreadableRecordIsCopiedBesideItselfNeverWrittenOverPagedAndDnsIsAdopted() {
        Fleet.Agent leader = fleet.leader();
        fleet.rounds(2);
        ConfigMap cm = record();
        assertThat(cm).as("the holder wrote the record").isNotNull();
        cm.setData(Map.of("record.json", TORN));
        fleet.api.admin().configMaps().inNamespace(MockApi.NAMESPACE).resource(cm).update();
        fleet.dns.write(DnsRecord.simple(RECORD, "A", DR, 60)); // the fleet failed over before the record was torn
        fleet.api.resetCounts();

        fleet.roundsUntil(Duration.ofSeconds(45), "the holder adopts failed_over from DNS", () -> leader.state() == FailoverState.FAILED_OVER);
        fleet.rounds(5);

        Map<String, String> data = record().getData();
        assertThat(data.get("record.json")).as("kept byte for byte").isEqualTo(TORN);
        assertThat(data).hasSize(2);
        String copy = data.keySet().stream().filter(k -> !k.equals("record.json")).findFirst().orElseThrow();
        assertThat(copy).matches("record\\.json\\.unreadable-\\d{8}T\\d{6}Z");
        assertThat(data.get(copy)).isEqualTo(TORN);
        assertThat(fleet.api.count("PUT configmaps")).as("the copy, and nothing else").isEqualTo(1);
        assertThat(fleet.dns.writes()).as("DNS adopted, not written").isEqualTo(1);
        for (Fleet.Agent a : fleet.agents) {
            assertThat(String.valueOf(((Map<?, ?>) a.engine.view().get("fleet")).get("record_problem")))
                    .as(a.name + " names the problem").contains("unreadable").contains("not JSON");
        }
        assertThat(leader.alerts).filteredOn(p -> p.dedupKey().endsWith("/record_unreadable") && p.firing()).hasSize(1);
        assertThat(fleet.others(leader)).allSatisfy(f -> assertThat(f.alerts).filteredOn(p -> p.dedupKey().endsWith("/record_unreadable")).isEmpty());
        assertThat(leader.engine.view().toString()).contains(copy);
    }
}
