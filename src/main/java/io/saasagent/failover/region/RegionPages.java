package io.saasagent.failover.region;

import io.saasagent.failover.incident.EngineContext;

import java.util.Map;

/**
 * The region's pages, each one open/resolve lifecycle under one fleet key: {@code region_fenced} (critical, a
 * primary holder that lost contact), {@code primary_unreachable_from_standby} (warning, a partition seen by the
 * standby's holder) and {@code region_witness_unreadable} (warning, no take-over without the witness).
 */
final class RegionPages {
    static final String FENCED = "region_fenced";
    static final String PARTITION = "primary_unreachable_from_standby";
    static final String WITNESS = "region_witness_unreadable";

    private final EngineContext ctx;
    private boolean fenced;
    private boolean partition;
    private boolean witness;

    RegionPages(EngineContext ctx) {
        this.ctx = ctx;
    }

    /** Opens the fence page once with {@code line}; resolves it once {@code open} is false. */
    void fenced(boolean open, String line, String resolvedBecause, Map<String, Object> evidence) {
        if (open != fenced) {
            fenced = open;
            edge(FENCED, open, "critical", open ? "RegionFenced" : "RegionUnfenced",
                    open ? "region fenced: " + line : "region fence over: " + resolvedBecause, evidence);
        }
    }

    void partition(boolean open, String line, Map<String, Object> evidence) {
        if (open != partition) {
            partition = open;
            edge(PARTITION, open, "warning", open ? "RegionPartition" : "RegionPartitionOver", line, evidence);
        }
    }

    boolean fencedOpen() {
        return fenced;
    }

    boolean partitionOpen() {
        return partition;
    }

    void witness(boolean open, String line, Map<String, Object> evidence) {
        if (open != witness) {
            witness = open;
            edge(WITNESS, open, "warning", open ? "RegionWitnessUnreadable" : "RegionWitnessReadable", line, evidence);
        }
    }

    private void edge(String kind, boolean open, String severity, String event, String line, Map<String, Object> evidence) {
        ctx.journal().record(event, line, evidence);
        ctx.journal().fleetPage(kind, open ? severity : "info", open, line, evidence);
    }
}
