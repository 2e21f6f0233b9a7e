package io.saasagent.failover;

import io.saasagent.state.DependencySnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Probe results waiting for the engine's thread, coalesced to the latest per dependency: an engine that
 * ran behind (a slow step) never replays stale snapshots afterwards (alert edges that flap, each a page),
 * and the queue never holds more than one result per dependency. A result superseded before the engine
 * saw it is counted, never silent. Every result is still in its dependency's own state and window.
 */
public final class ProbeInbox {
    private final Map<String, DependencySnapshot> latest = new LinkedHashMap<>();
    private long dropped;
    private int max;

    /** Adds a result; true when the inbox was empty (the caller hands a drain to the engine's thread). */
    public synchronized boolean offer(DependencySnapshot result) {
        boolean wasEmpty = latest.isEmpty();
        if (latest.put(result.name(), result) != null) {
            dropped++;
        }
        max = Math.max(max, latest.size());
        return wasEmpty;
    }

    /** Everything waiting, oldest dependency first; the inbox is empty after. */
    public synchronized List<DependencySnapshot> drain() {
        List<DependencySnapshot> all = new ArrayList<>(latest.values());
        latest.clear();
        return all;
    }

    /** Results superseded by a newer one of the same dependency before the engine saw them. */
    public synchronized long dropped() {
        return dropped;
    }

    /** The most results that ever waited at once. */
    public synchronized int maxDepth() {
        return max;
    }

    public synchronized int depth() {
        return latest.size();
    }
}
