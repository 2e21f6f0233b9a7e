package io.saasagent.dns;

/** The region take-over the swap tests send: the failover A record to DR and the heartbeat to the next owner. */
final class TakeOver {
    static final String NAME = "api.example.test.";
    static final String HEARTBEAT = "_saas-agent.api.example.test.";
    static final String PRIMARY = "192.0.2.10";
    static final String DR = "198.51.100.10";
    static final String OLD_BEAT = "owner=eu-west-1;epoch=1;ts=1700000000";
    static final String NEW_BEAT = "owner=us-east-1;epoch=2;ts=1700000090";

    private TakeOver() {
    }

    static RecordSwap swap() {
        return RecordSwap.of(
                new RecordSwap.Change(DnsRecord.simple(NAME, "A", PRIMARY, 60), DnsRecord.simple(NAME, "A", DR, 60)),
                new RecordSwap.Change(DnsRecord.simple(HEARTBEAT, "TXT", OLD_BEAT, 60), DnsRecord.simple(HEARTBEAT, "TXT", NEW_BEAT, 60)));
    }
}
