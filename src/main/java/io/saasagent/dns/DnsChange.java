package io.saasagent.dns;

import java.util.List;

/** What {@link DnsActuator#pointTo} did: the evidence recorded in the incident timeline. */
public record DnsChange(Outcome outcome, DnsRecord before, DnsRecord after, String changeId, boolean verified, List<String> warnings) {
    public enum Outcome {
        /** The record already answered the target: nothing written. */
        UNCHANGED,
        WRITTEN,
        /** Another writer owns the record (external-dns TXT) and force-ownership is off. */
        REFUSED_OWNERSHIP
    }
}
