package io.saasagent.failover.policy;

import io.saasagent.config.DependencyType;
import io.saasagent.probe.nats.MirrorReadings;
import io.saasagent.state.DependencySnapshot;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JetStream mirror lags of nats dependencies, from their typed readings ({@link MirrorReadings}).
 * A stale reading counts with its lower bound; one never measured counts as no data, never as zero lag.
 */
public final class MirrorLags {
    private MirrorLags() {
    }

    /** Lag in seconds by mirror stream, of one nats dependency. */
    static Map<String, Double> of(DependencySnapshot s) {
        Map<String, Double> lags = new TreeMap<>();
        if (s.type() != DependencyType.NATS) {
            return lags;
        }
        MirrorReadings.of(s.details()).readings().forEach((stream, reading) -> {
            if (reading.lagSeconds() != null) {
                lags.put(stream, reading.lagSeconds());
            }
        });
        return lags;
    }

    /** Lag in seconds by "dependency/stream" over every nats dependency given. */
    public static Map<String, Double> all(List<DependencySnapshot> snapshots) {
        Map<String, Double> lags = new TreeMap<>();
        snapshots.forEach(s -> of(s).forEach((stream, lag) -> lags.put(s.name() + "/" + stream, lag)));
        return lags;
    }
}
