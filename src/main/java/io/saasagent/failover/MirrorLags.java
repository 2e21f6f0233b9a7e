package io.saasagent.failover;

import io.saasagent.probe.DependencyType;
import io.saasagent.state.DependencySnapshot;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the JetStream mirror lags a nats probe reports in its details:
 * {@code "mirrors": {"<mirror stream>": {"lag_seconds": 12.5, "rpo_breach": false, ...}}}.
 * Anything else (no probe yet, a malformed value) counts as no data, never as zero lag.
 */
final class MirrorLags {
    private MirrorLags() {
    }

    /** Lag in seconds by mirror stream, of one nats dependency. */
    static Map<String, Double> of(DependencySnapshot s) {
        Map<String, Double> lags = new TreeMap<>();
        if (s.type() != DependencyType.NATS || !(s.details().get("mirrors") instanceof Map<?, ?> mirrors)) {
            return lags;
        }
        mirrors.forEach((stream, info) -> {
            if (info instanceof Map<?, ?> m && m.get("lag_seconds") instanceof Number lag) {
                lags.put(String.valueOf(stream), lag.doubleValue());
            }
        });
        return lags;
    }

    /** Lag in seconds by "dependency/stream" over every nats dependency given. */
    static Map<String, Double> all(List<DependencySnapshot> snapshots) {
        Map<String, Double> lags = new TreeMap<>();
        snapshots.forEach(s -> of(s).forEach((stream, lag) -> lags.put(s.name() + "/" + stream, lag)));
        return lags;
    }
}
