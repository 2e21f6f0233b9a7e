package io.saasagent.dns;

import io.saasagent.testing.FreePorts;
import io.saasagent.testing.PrivateBind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RFC 2136 provider against a real BIND 9 started for this class. */
@Timeout(60)
class Rfc2136ProviderTest {
    @RegisterExtension
    static final PrivateBind bind = new PrivateBind();

    @Test
    void readsTheRecordAsTheServerHoldsIt() throws Exception {
        Optional<DnsRecord> api = bind.provider().read("api.example.test", "A");
        assertThat(api).isPresent();
        assertThat(api.get().values()).containsExactly(PrivateBind.PRIMARY);
        assertThat(api.get().ttl()).isEqualTo(60);
        assertThat(bind.provider().read("absent.example.test.", "A")).isEmpty();
    }

    @Test
    void writesThroughTheActuatorOnceThenFindsItUnchanged() throws Exception {
        DnsActuator actuator = new DnsActuator(bind.provider(), null, false);
        long serial = bind.serial();

        DnsChange first = actuator.pointTo("write-once.example.test.", "A", PrivateBind.DR, 30);
        assertThat(first.outcome()).isEqualTo(DnsChange.Outcome.WRITTEN);
        assertThat(first.verified()).isTrue();
        assertThat(bind.a("write-once.example.test.")).containsExactly(PrivateBind.DR);

        DnsChange second = actuator.pointTo("write-once.example.test.", "A", PrivateBind.DR, 30);
        assertThat(second.outcome()).isEqualTo(DnsChange.Outcome.UNCHANGED);
        assertThat(bind.serial()).as("one update applied").isEqualTo(serial + 1);
    }

    @Test
    void replacesTheWholeRecordSet() throws Exception {
        Rfc2136Provider p = bind.provider();
        p.write(new DnsRecord("multi.example.test.", "A", java.util.List.of("192.0.2.1", "192.0.2.2"), 30, null, null));
        p.write(DnsRecord.simple("multi.example.test.", "A", "192.0.2.3", 30));
        assertThat(bind.a("multi.example.test.")).containsExactly("192.0.2.3");
    }

    @Test
    void externalDnsOwnershipIsReadAtTheSameNameAndRefused() throws Exception {
        assertThat(bind.provider().ownership("owned.example.test.")).singleElement().asString()
                .contains("heritage=external-dns").contains("owner=another-cluster");
        DnsChange refused = new DnsActuator(bind.provider(), null, false).pointTo("owned.example.test.", "A", PrivateBind.DR, 60);
        assertThat(refused.outcome()).isEqualTo(DnsChange.Outcome.REFUSED_OWNERSHIP);
        assertThat(bind.a("owned.example.test.")).containsExactly(PrivateBind.PRIMARY);
    }

    @Test
    void wrongSecretIsATsigErrorWithoutTheSecret() {
        String wrong = Base64.getEncoder().encodeToString("not-the-right-secret-at-all-0123".getBytes());
        assertThatThrownBy(() -> bind.provider(PrivateBind.KEY, wrong).write(DnsRecord.simple("api.example.test.", "A", PrivateBind.DR, 60)))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("TSIG BADSIG")
                .satisfies(e -> assertThat(((DnsException) e).retryable()).isFalse())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(bind.secret()));
        assertThat(bind.a("api.example.test.")).containsExactly(PrivateBind.PRIMARY);
    }

    @Test
    void keyWithoutGrantIsRefused() {
        assertThatThrownBy(() -> bind.provider(PrivateBind.READONLY_KEY, bind.readonlySecret())
                .write(DnsRecord.simple("api.example.test.", "A", PrivateBind.DR, 60)))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("REFUSED").hasMessageContaining("update-policy")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bind.readonlySecret()));
    }

    @Test
    void unknownKeyIsNotAuth() {
        assertThatThrownBy(() -> bind.provider("stranger-key", bind.secret()).read("api.example.test.", "A"))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("BADKEY");
    }

    @Test
    void serverDownIsARetryableError() {
        Rfc2136Provider p = new Rfc2136Provider("127.0.0.1:" + FreePorts.next(), bind.zone(), PrivateBind.KEY, "hmac-sha256",
                bind.secret(), Duration.ofMillis(500));
        assertThatThrownBy(() -> p.read("api.example.test.", "A"))
                .isInstanceOf(DnsException.class)
                .satisfies(e -> assertThat(((DnsException) e).retryable()).isTrue())
                .hasMessageContaining("127.0.0.1:");
    }

    @Test
    void malformedSettingsNameTheirKey() {
        assertThatThrownBy(() -> new Rfc2136Provider("127.0.0.1:53", "example.test.", "k", "hmac-sha256", "%%% not base64", PrivateBind.PROVIDER_TIMEOUT))
                .hasMessage("agent.failover.rfc2136.tsig-secret: not valid base64");
        assertThatThrownBy(() -> new Rfc2136Provider("127.0.0.1:99999", "example.test.", "k", "hmac-sha256", bind.secret(), PrivateBind.PROVIDER_TIMEOUT))
                .hasMessageStartingWith("agent.failover.rfc2136.server:");
        assertThatThrownBy(() -> new Rfc2136Provider("127.0.0.1:53", "example.test.", "k", "hmac-rot13", bind.secret(), PrivateBind.PROVIDER_TIMEOUT))
                .hasMessageStartingWith("agent.failover.rfc2136.tsig-algorithm:");
    }
}
