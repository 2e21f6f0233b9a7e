package io.saasagent.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of dependency the agent can probe, with the URL schemes each accepts. */
public enum DependencyType {
    NATS(List.of("nats", "tls")),
    REDIS(List.of("redis", "rediss")),
    POSTGRES(List.of("postgresql", "postgres")),
    OPENMETER(List.of("http", "https")),
    HTTP(List.of("http", "https")),
    TCP(List.of("tcp")),
    TLS(List.of("tls"));

    private final List<String> schemes;

    DependencyType(List<String> schemes) {
        this.schemes = schemes;
    }

    public List<String> schemes() {
        return schemes;
    }

    /** The name used in configuration, JSON and metric labels. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DependencyType> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.id().equalsIgnoreCase(value == null ? "" : value.strip())).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(DependencyType::id).toList();
    }
}
