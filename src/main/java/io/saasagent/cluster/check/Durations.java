package io.saasagent.cluster.check;

import io.quarkus.runtime.configuration.DurationConverter;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Durations as the configuration writes them (25h, 30d) and as reasons say them; RFC 3339 times of object status. */
public final class Durations {
    private Durations() {
    }

    /** 25h, 30d, 10m, PT5M; null when it is not a duration. */
    static Duration parse(String value) {
        try {
            return DurationConverter.parseDuration(value.strip());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The largest whole unit that fits: 26h, 3d, 12m, 40s. */
    public static String words(Duration d) {
        long s = Math.abs(d.toSeconds());
        String sign = d.isNegative() ? "-" : "";
        if (s >= 172_800 && s % 86_400 == 0 || s >= 259_200) {
            return sign + s / 86_400 + "d";
        }
        if (s >= 7_200 || s >= 3_600 && s % 3_600 == 0) {
            return sign + s / 3_600 + "h";
        }
        if (s >= 120) {
            return sign + s / 60 + "m";
        }
        return sign + s + "s";
    }

    /** An RFC 3339 time from an object's status, or null when absent or unreadable. */
    static Instant time(Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
