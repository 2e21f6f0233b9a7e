package io.saasagent.failover.mode;

import io.saasagent.dns.DnsChange;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a DNS change did, as the evidence of decisions and alerts. */
final class ChangeEvidence {
    private ChangeEvidence() {
    }

    /** The evidence of a DNS change, for decisions and alerts. */
    static Map<String, Object> of(DnsChange change) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", change.outcome().name().toLowerCase());
        m.put("before", change.before() == null ? null : String.join(",", change.before().values()));
        m.put("after", change.after() == null ? null : String.join(",", change.after().values()));
        m.put("change_id", change.changeId());
        m.put("verified", change.verified());
        m.put("warnings", change.warnings());
        return m;
    }
}
