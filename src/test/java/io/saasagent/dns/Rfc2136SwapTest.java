package io.saasagent.dns;

import io.saasagent.testing.PrivateBind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RFC 2136 compare-and-set ({@link Rfc2136Provider#swap}) against a real BIND 9: prerequisites decide. */
@Timeout(60)
class Rfc2136SwapTest {
    private static final String STANDBY = "198.51.100.20";

    @RegisterExtension
    static final PrivateBind bind = new PrivateBind();

    private static DnsRecord a(String name, String value) {
        return DnsRecord.simple(name, "A", value, 60);
    }

    private static DnsRecord heartbeat(String name, String value) {
        return DnsRecord.simple("_saas-agent." + name, "TXT", value, 60);
    }

    /** A failover record at the primary and its heartbeat, as a primary region leaves them. */
    private static void primaryHolds(String name) throws DnsException {
        bind.provider().write(a(name, PrivateBind.PRIMARY));
        bind.provider().write(heartbeat(name, "owner=eu-west-1;epoch=1;ts=1700000000"));
    }

    private static RecordSwap takeOver(String name, String expectedHeartbeat, String target, String region) {
        return RecordSwap.of(
                new RecordSwap.Change(a(name, PrivateBind.PRIMARY), a(name, target)),
                new RecordSwap.Change(heartbeat(name, expectedHeartbeat), heartbeat(name, "owner=" + region + ";epoch=2;ts=1700000090")));
    }

    private static List<String> txt(String name) throws DnsException {
        return bind.provider().read("_saas-agent." + name, "TXT").map(DnsRecord::values).orElse(List.of());
    }

    @Test
    void theRecordAndTheHeartbeatMoveAsOneUpdate() throws Exception {
        String name = "one.example.test.";
        primaryHolds(name);
        long serial = bind.serial();

        String id = bind.provider().swap(takeOver(name, "owner=eu-west-1;epoch=1;ts=1700000000", PrivateBind.DR, "us-east-1"));

        assertThat(id).startsWith("rfc2136:");
        assertThat(bind.serial()).as("one transaction: the serial moved once").isEqualTo(serial + 1);
        assertThat(bind.a(name)).containsExactly(PrivateBind.DR);
        // The heartbeat reads back as its text, semicolons and all (what Heartbeat.parse takes).
        assertThat(txt(name)).containsExactly("owner=us-east-1;epoch=2;ts=1700000090");
    }

    @Test
    void aQuotedBeforeMatchesTheSameText() throws Exception {
        String name = "quoted.example.test.";
        primaryHolds(name);

        bind.provider().swap(takeOver(name, "\"owner=eu-west-1;epoch=1;ts=1700000000\"", PrivateBind.DR, "us-east-1"));

        assertThat(txt(name)).containsExactly("owner=us-east-1;epoch=2;ts=1700000090");
    }

    @Test
    void aStaleBeforeLosesAndChangesNothing() throws Exception {
        String name = "stale.example.test.";
        primaryHolds(name);
        long serial = bind.serial();

        // The primary refreshed its heartbeat since the standby read it.
        assertThatThrownBy(() -> bind.provider().swap(takeOver(name, "owner=eu-west-1;epoch=1;ts=1699999990", PrivateBind.DR, "us-east-1")))
                .isInstanceOf(DnsException.CasLost.class)
                .hasMessageContaining("compare-and-set lost")
                .hasMessageContaining("_saas-agent." + name + " TXT is owner=eu-west-1;epoch=1;ts=1700000000")
                .hasMessageNotContaining(name + " A is")
                .hasMessageContaining("NXRRSET")
                .satisfies(e -> assertThat(((DnsException) e).retryable()).isFalse());

        assertThat(bind.serial()).as("nothing applied").isEqualTo(serial);
        assertThat(bind.a(name)).containsExactly(PrivateBind.PRIMARY);
        assertThat(txt(name)).containsExactly("owner=eu-west-1;epoch=1;ts=1700000000");
    }

    @Test
    void theWholeSetIsComparedNotOneValueOfIt() throws Exception {
        String name = "set.example.test.";
        bind.provider().write(new DnsRecord(name, "A", List.of(PrivateBind.PRIMARY, "192.0.2.11"), 60, null, null));
        long serial = bind.serial();

        assertThatThrownBy(() -> bind.provider().swap(RecordSwap.of(new RecordSwap.Change(a(name, PrivateBind.PRIMARY), a(name, PrivateBind.DR)))))
                .isInstanceOf(DnsException.CasLost.class).hasMessageContaining(name + " A is");
        assertThat(bind.serial()).isEqualTo(serial);

        // Order and TTL do not matter: the values do.
        bind.provider().swap(RecordSwap.of(new RecordSwap.Change(
                new DnsRecord(name, "A", List.of("192.0.2.11", PrivateBind.PRIMARY), 300, null, null), a(name, PrivateBind.DR))));
        assertThat(bind.a(name)).containsExactly(PrivateBind.DR);
    }

    @Test
    void anAbsentBeforeCreatesOnceThenLoses() throws Exception {
        String name = "first.example.test.";
        RecordSwap create = RecordSwap.of(new RecordSwap.Change(null, heartbeat(name, "owner=eu-west-1;epoch=0;ts=1700000000")));

        bind.provider().swap(create);
        long serial = bind.serial();

        assertThat(txt(name)).containsExactly("owner=eu-west-1;epoch=0;ts=1700000000");
        assertThatThrownBy(() -> bind.provider().swap(create))
                .isInstanceOf(DnsException.CasLost.class)
                .hasMessageContaining("expected absent").hasMessageContaining("YXRRSET");
        assertThat(bind.serial()).isEqualTo(serial);
    }

    @Test
    void aKeyWithoutGrantIsRefusedNotALostSwap() throws Exception {
        String name = "refused.example.test.";
        primaryHolds(name);
        Rfc2136Provider readonly = bind.provider(PrivateBind.READONLY_KEY, bind.readonlySecret());

        assertThatThrownBy(() -> readonly.swap(takeOver(name, "owner=eu-west-1;epoch=1;ts=1700000000", PrivateBind.DR, "us-east-1")))
                .isInstanceOf(DnsException.class)
                .isNotInstanceOf(DnsException.CasLost.class)
                .hasMessageContaining("REFUSED")
                .satisfies(e -> assertThat(((DnsException) e).retryable()).isFalse());
        assertThat(bind.a(name)).containsExactly(PrivateBind.PRIMARY);
    }

    /** Two standbys (each its own provider and connection) swap from the same read at the same moment. */
    @Test
    void twoSwapsFromTheSameBeforeAtOnceExactlyOneLands() throws Exception {
        String name = "race.example.test.";
        primaryHolds(name);
        long serial = bind.serial();
        String before = "owner=eu-west-1;epoch=1;ts=1700000000";
        String[][] sides = {{PrivateBind.DR, "us-east-1"}, {STANDBY, "us-west-2"}};
        List<Callable<String>> swaps = new ArrayList<>();
        for (String[] side : sides) {
            Rfc2136Provider own = bind.provider();
            RecordSwap swap = takeOver(name, before, side[0], side[1]);
            swaps.add(() -> own.swap(swap));
        }

        String[] winner = sides[SwapRace.exactlyOneWon(SwapRace.run(swaps))];

        assertThat(bind.a(name)).as("the zone holds the winner's values").containsExactly(winner[0]);
        assertThat(txt(name)).containsExactly("owner=" + winner[1] + ";epoch=2;ts=1700000090");
        assertThat(bind.serial()).isEqualTo(serial + 1);
    }
}
