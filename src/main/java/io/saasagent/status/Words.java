package io.saasagent.status;

import io.saasagent.state.DependencyStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** How the page says times, durations and states: short, UTC, the same everywhere on it. */
final class Words {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Words() {
    }

    /** 850ms, 12s, 2m14s, 1h03m, 2d04h. */
    static String duration(Duration d) {
        if (d == null) {
            return "";
        }
        long ms = Math.abs(d.toMillis());
        String sign = d.isNegative() ? "-" : "";
        if (ms < 1000) {
            return sign + ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return sign + (ms < 10_000 ? s + "." + ms % 1000 / 100 + "s" : s + "s");
        }
        if (s < 3600) {
            return sign + s / 60 + "m" + two(s % 60) + "s";
        }
        if (s < 86_400) {
            return sign + s / 3600 + "h" + two(s % 3600 / 60) + "m";
        }
        return sign + s / 86_400 + "d" + two(s % 86_400 / 3600) + "h";
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    static String seconds(Double seconds) {
        return seconds == null ? "" : duration(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** 3.2 ms, 48 ms (no String.format: the page formats hundreds of these, and Formatter parses with a regex). */
    static String millis(Duration d) {
        if (d == null) {
            return "";
        }
        long tenths = Math.round(d.toNanos() / 100_000.0);
        return tenths < 100 ? tenths / 10 + "." + tenths % 10 + " ms" : Math.round(tenths / 10.0) + " ms";
    }

    static String clock(Instant at) {
        return at == null ? "" : CLOCK.format(at);
    }

    static String dateTime(Instant at) {
        return at == null ? "" : DATE_TIME.format(at);
    }

    static Instant instant(Object iso) {
        if (!(iso instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The colour of a dependency or check status. */
    static String tone(DependencyStatus status) {
        return switch (status) {
            case HEALTHY -> "ok";
            case DEGRADED -> "warn";
            case UNHEALTHY, CIRCUIT_OPEN -> "bad";
            case UNKNOWN -> "idle";
        };
    }

    static String tone(String status) {
        for (DependencyStatus s : DependencyStatus.values()) {
            if (s.id().equals(status)) {
                return tone(s);
            }
        }
        return "idle";
    }

    /** The colour of a contract verdict. */
    static String verdictTone(String verdict) {
        return switch (verdict == null ? "" : verdict) {
            case "PASS" -> "ok";
            case "FAIL" -> "bad";
            case "PENDING" -> "warn";
            default -> "idle";
        };
    }

    /** The colour of a failover state. */
    static String stateTone(String state) {
        return switch (state == null ? "" : state) {
            case "armed" -> "ok";
            case "fired", "failing_back", "disarmed" -> "warn";
            case "failed_over" -> "bad";
            default -> "idle";
        };
    }

    // ---- reading the published JSON views (plain maps) -----------------------------------------

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        return m != null && m.get(key) instanceof Map<?, ?> v ? (Map<String, Object>) v : null;
    }

    @SuppressWarnings("unchecked")
    static java.util.List<Object> list(Map<String, Object> m, String key) {
        return m != null && m.get(key) instanceof java.util.List<?> v ? (java.util.List<Object>) v : java.util.List.of();
    }

    static String text(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v == null ? null : String.valueOf(v);
    }

    static Double number(Map<String, Object> m, String key) {
        return m != null && m.get(key) instanceof Number n ? n.doubleValue() : null;
    }
}
