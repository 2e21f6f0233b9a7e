package io.saasagent.probe.nats;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code mirrors} entry of a nats probe's details: typed for the readers (policy, metrics,
 * contracts), and a plain map of maps for the JSON of /health/saas. Readers take it with
 * {@link #of(Map)}, never by string keys.
 */
public final class MirrorReadings extends AbstractMap<String, Object> {
    public static final String KEY = "mirrors";
    private static final MirrorReadings NONE = new MirrorReadings(Map.of());

    private final Map<String, MirrorLagReading> readings;
    private final Map<String, Object> json;

    public MirrorReadings(Map<String, MirrorLagReading> readings) {
        this.readings = Collections.unmodifiableMap(new TreeMap<>(readings));
        Map<String, Object> rendered = new LinkedHashMap<>();
        this.readings.forEach((mirror, reading) -> rendered.put(mirror, reading.toMap()));
        this.json = Collections.unmodifiableMap(rendered);
    }

    /** The details entry of these readings (a probe's, or a test's). */
    public static MirrorReadings with(java.util.Collection<MirrorLagReading> readings) {
        Map<String, MirrorLagReading> byMirror = new LinkedHashMap<>();
        readings.forEach(r -> byMirror.put(r.mirror(), r));
        return new MirrorReadings(byMirror);
    }

    /** The readings in a probe's details (none when it has no mirrors or has not measured them). */
    public static MirrorReadings of(Map<String, Object> details) {
        return details != null && details.get(KEY) instanceof MirrorReadings m ? m : NONE;
    }

    /** By mirror stream name, sorted. */
    public Map<String, MirrorLagReading> readings() {
        return readings;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return json.entrySet();
    }
}
