package io.saasagent.config;

/** One bad configuration value: the full key and what is wrong with it, printable as one line. */
public record ConfigError(String key, String problem) {
    @Override
    public String toString() {
        return key + ": " + problem;
    }
}
