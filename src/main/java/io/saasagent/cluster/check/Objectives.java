package io.saasagent.cluster.check;

import io.saasagent.config.ConfigError;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The objective keys of one check entry, read by its kind: each read names a key and its default, a
 * bad value or a key the kind does not know becomes one {@link ConfigError} naming the full key.
 */
final class Objectives {
    private final CheckSpec spec;
    private final List<ConfigError> errors;
    private final Set<String> read = new HashSet<>();

    Objectives(CheckSpec spec, List<ConfigError> errors) {
        this.spec = spec;
        this.errors = errors;
    }

    Duration duration(String key, Duration defaultValue) {
        read.add(key);
        String raw = spec.objectives().get(key);
        if (raw == null) {
            return defaultValue;
        }
        Duration d = Durations.parse(raw);
        if (d == null || d.isNegative() || d.isZero()) {
            errors.add(new ConfigError(spec.key() + key, "must be a positive duration (like 10m, 25h, 30d), got '" + raw + "'"));
            return defaultValue;
        }
        return d;
    }

    /** A text key, stripped; {@code defaultValue} (may be null) when absent or blank. */
    String text(String key, String defaultValue) {
        read.add(key);
        String raw = spec.objectives().get(key);
        return raw == null || raw.isBlank() ? defaultValue : raw.strip();
    }

    boolean bool(String key, boolean defaultValue) {
        String raw = text(key, null);
        if (raw == null) {
            return defaultValue;
        }
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
            error(key, "must be true or false, got '" + raw + "'");
            return defaultValue;
        }
        return Boolean.parseBoolean(raw);
    }

    int integer(String key, int defaultValue, int min, int max) {
        String raw = text(key, null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(key, "must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
        return defaultValue;
    }

    String oneOf(String key, String defaultValue, Set<String> allowed) {
        String raw = text(key, defaultValue);
        if (!allowed.contains(raw)) {
            error(key, "unknown value '" + raw + "', expected one of " + String.join(", ", new TreeSet<>(allowed)));
            return defaultValue;
        }
        return raw;
    }

    /** One error line naming the full key of this entry. */
    void error(String key, String problem) {
        errors.add(new ConfigError(spec.key() + key, problem));
    }

    double ratio(String key, double defaultValue) {
        read.add(key);
        String raw = spec.objectives().get(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            double v = Double.parseDouble(raw.strip());
            if (v > 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new ConfigError(spec.key() + key, "must be a ratio above 0 and at most 1 (0.99 = 99%), got '" + raw + "'"));
        return defaultValue;
    }

    /** A warning and a critical limit, e.g. 25h / 48h of age, or 30d / 7d of time left. */
    record Limits(Duration warn, Duration critical) {
        String words() {
            return Durations.words(warn) + " (warn) / " + Durations.words(critical) + " (critical)";
        }
    }

    /**
     * Reads a pair of limits; the warning must be the looser one: for ages ({@code agesGrow}) shorter than
     * the critical one, for time left longer.
     */
    Limits limits(String warnKey, Duration warnDefault, String criticalKey, Duration criticalDefault, boolean agesGrow) {
        Duration warn = duration(warnKey, warnDefault);
        Duration critical = duration(criticalKey, criticalDefault);
        if (agesGrow ? warn.compareTo(critical) >= 0 : warn.compareTo(critical) <= 0) {
            errors.add(new ConfigError(spec.key() + warnKey, "must be " + (agesGrow ? "shorter" : "longer") + " than "
                    + criticalKey + " (" + Durations.words(critical) + ")"));
        }
        return new Limits(warn, critical);
    }

    /** After every read: a key no read asked for is a typo or belongs to another kind. */
    void rejectUnknown() {
        Set<String> unknown = new TreeSet<>(spec.objectives().keySet());
        unknown.removeAll(read);
        for (String key : unknown) {
            errors.add(new ConfigError(spec.key() + key, "unknown key for kind " + spec.kind() + ", expected one of kind"
                    + (ObjectStoreCheck.KIND.equals(spec.kind()) ? "" : ", namespace, name")
                    + (read.isEmpty() ? "" : ", " + String.join(", ", new TreeSet<>(read)))));
        }
    }

}
