package io.saasagent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The checks every part of the validator words alike, each naming its key; they add to one shared list of errors. */
abstract class KeyChecks {
    final List<ConfigError> errors;

    KeyChecks(List<ConfigError> errors) {
        this.errors = errors;
    }

    final void url(String key, String value, List<String> schemes) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            // The reason, not the value: a URL may carry credentials.
            error(key, "malformed URL (" + e.getReason() + ")");
            return;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            error(key, "malformed URL: expected scheme://host[:port]" + (schemes == null ? "" : " with scheme " + String.join(" or ", schemes)));
        } else if (schemes != null && !schemes.contains(uri.getScheme().toLowerCase())) {
            error(key, "scheme '" + uri.getScheme() + "' does not fit this type, expected " + String.join(" or ", schemes));
        } else if ("tcp".equals(uri.getScheme()) && uri.getPort() < 0) {
            error(key, "a tcp URL needs a port");
        }
    }
    final void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            error(key, "must be positive, got " + value);
        }
    }
    /** A share of a maximum: more than 0, at most 1. */
    final void ratio(String key, double value) {
        if (!(value > 0 && value <= 1)) {
            error(key, "must be a ratio above 0 and at most 1, got " + value);
        }
    }
    final void atLeastOne(String key, int value) {
        if (value < 1) {
            error(key, "must be at least 1, got " + value);
        }
    }
    final void oneOf(String key, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            error(key, "unknown value '" + value + "', expected one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
    }
    final void required(String key, Optional<String> value) {
        required(key, value, "in active mode");
    }

    /** @param when the condition that makes it required, as the error says it ("with a role", "for a standby") */
    final void required(String key, Optional<String> value, String when) {
        if (value.filter(v -> !v.isBlank()).isEmpty()) {
            error(key, "is required " + when);
        }
    }
    final void requiredSecret(String key, Optional<String> value, Optional<String> file) {
        if (value.filter(v -> !v.isBlank()).isEmpty() && file.isEmpty()) {
            error(key, "is required in active mode (set it from an env var, or " + key + "-file)");
        }
    }
    final void secretFile(String key, Optional<String> file) {
        file.map(Secrets::problemWithFile).ifPresent(problem -> error(key, problem));
    }
    final void error(String key, String problem) {
        errors.add(new ConfigError(key, problem));
    }
}
