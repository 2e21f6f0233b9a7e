package io.saasagent.cluster.check;

import io.saasagent.config.AgentConfig;
import io.saasagent.config.ConfigError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * {@code agent.cluster-checks.interval} and the entries {@code agent.cluster-checks.<name>.*}, read from
 * the raw properties rather than a config mapping: each kind owns its own objective keys, so the keys of
 * an entry depend on its kind, and every bad one must be a line naming it.
 */
public final class ClusterChecksConfig {
    public static final String PREFIX = "agent.cluster-checks.";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    /** The kinds, by configuration name; each reads and checks its own objectives. */
    static final Map<String, BiFunction<CheckSpec, List<ConfigError>, ClusterCheck>> KINDS = kinds();
    /** A JSON key and a metric label, like a dependency's name; "interval" is the one agent-wide key. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** The checks to run, in name order, or the errors that stop the agent. */
    public record Parsed(Duration interval, List<ClusterCheck> checks, List<ConfigError> errors) {
    }

    private ClusterChecksConfig() {
    }

    private static Map<String, BiFunction<CheckSpec, List<ConfigError>, ClusterCheck>> kinds() {
        Map<String, BiFunction<CheckSpec, List<ConfigError>, ClusterCheck>> m = new LinkedHashMap<>();
        m.put(ExternalSecretCheck.KIND, ExternalSecretCheck::new);
        m.put(ArgoApplicationCheck.KIND, ArgoApplicationCheck::new);
        m.put(BackupCronJobCheck.KIND, BackupCronJobCheck::new);
        m.put(VeleroScheduleCheck.KIND, VeleroScheduleCheck::new);
        m.put(CertificateCheck.KIND, CertificateCheck::new);
        m.put(ObjectStoreCheck.KIND, ObjectStoreCheck::new);
        return m;
    }

    /** The mapped keys back as full keys to values, for {@link #parse}. */
    public static Map<String, String> properties(AgentConfig.ClusterChecks mapped) {
        Map<String, String> m = new TreeMap<>();
        mapped.interval().ifPresent(v -> m.put(PREFIX + "interval", v));
        mapped.checks().forEach((name, keys) -> keys.forEach((key, value) -> m.put(PREFIX + name + "." + key, value)));
        return m;
    }

    /** {@code properties}: full keys to values; keys outside {@link #PREFIX} are ignored. */
    public static Parsed parse(Map<String, String> properties) {
        List<ConfigError> errors = new ArrayList<>();
        Duration interval = DEFAULT_INTERVAL;
        Map<String, Map<String, String>> entries = new TreeMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) {
                continue;
            }
            String rest = e.getKey().substring(PREFIX.length());
            if (rest.equals("interval")) {
                Duration d = Durations.parse(e.getValue());
                if (d == null || d.isNegative() || d.isZero()) {
                    errors.add(new ConfigError(e.getKey(), "must be a positive duration (like 60s), got '" + e.getValue() + "'"));
                } else {
                    interval = d;
                }
                continue;
            }
            int dot = rest.indexOf('.');
            if (dot < 0) {
                errors.add(new ConfigError(e.getKey(), "expected " + PREFIX + "<name>.<key> or " + PREFIX + "interval"));
                continue;
            }
            entries.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>()).put(rest.substring(dot + 1), e.getValue().strip());
        }
        List<ClusterCheck> checks = new ArrayList<>();
        entries.forEach((name, keys) -> entry(name, keys, errors).ifPresent(checks::add));
        return new Parsed(interval, List.copyOf(checks), List.copyOf(errors));
    }

    private static Optional<ClusterCheck> entry(String name, Map<String, String> keys, List<ConfigError> errors) {
        String prefix = PREFIX + name + ".";
        int before = errors.size();
        if (!NAME.matcher(name).matches()) {
            errors.add(new ConfigError(PREFIX + name, "name must be lower-case letters, digits, '-' or '_' (it is a JSON key and a metric label)"));
        }
        Map<String, String> objectives = new TreeMap<>(keys);
        String kind = objectives.remove("kind");
        String object = objectives.remove("name");
        String namespace = objectives.remove("namespace");
        if (kind == null || kind.isEmpty()) {
            errors.add(new ConfigError(prefix + "kind", "is required, one of " + String.join(", ", KINDS.keySet())));
        } else if (!KINDS.containsKey(kind)) {
            errors.add(new ConfigError(prefix + "kind", "unknown kind '" + kind + "', expected one of " + String.join(", ", KINDS.keySet())));
        }
        if (ObjectStoreCheck.KIND.equals(kind)) {
            // A bucket is no Kubernetes object: bucket and prefix say what it watches.
            for (String key : new String[] {object == null ? null : "name", namespace == null ? null : "namespace"}) {
                if (key != null) {
                    errors.add(new ConfigError(prefix + key, "is not used by kind object-store (it watches bucket and prefix)"));
                }
            }
        } else if (object == null || object.isEmpty()) {
            errors.add(new ConfigError(prefix + "name", "is required: the name of the object to check"));
        }
        if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
            errors.add(new ConfigError(prefix + "namespace", "'" + namespace + "' is not a namespace name"));
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        CheckSpec spec = new CheckSpec(name, kind, namespace == null ? "" : namespace, object == null ? "" : object, objectives);
        return Optional.of(KINDS.get(kind).apply(spec, errors));
    }
}
