package io.saasagent.config;

import io.smallrye.config.ConfigMappings.ConfigClass;
import io.smallrye.config.PropertyName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses an {@code agent.*} key that names no setting (a typo such as {@code agent.failover.modee}): it would
 * otherwise be ignored and the agent run with the default the operator meant to change.
 *
 * <p>SmallRye's own check ({@code quarkus.config.mapping.validate-unknown}, off in application.properties) does the
 * same for every root, Quarkus' too: 24 M instructions of the native start (9 %), matching the 300 {@code quarkus.*}
 * names the build records, about which Quarkus warns anyway. With this one instead the start is 233-245 M
 * instructions against 243-259 M (bench/startup-instructions.sh; docs/benchmarks.md). It
 * matches only the agent's names, against the mapping's own table of setting names, and words the refusal like
 * every other bad key: one line naming it.
 */
final class AgentKeys {
    static final String PREFIX = "agent";
    /** A list index: digits as {@link Character#isDigit} reads them, between brackets. */
    private static final Pattern INDEX = Pattern.compile("\\[\\p{Nd}+]");

    /**
     * The setting names, from the table SmallRye generates with the mapping's implementation (every setting's full
     * name, a map key as {@code *}, to its default). Initialised when the native image is built
     * ({@code --initialize-at-build-time} in application.properties): the tables are in the image, and the start
     * neither reflects on the generated class nor touches its metadata (0.5 MB of the binary's pages in RSS).
     */
    static final class Settings {
        /** Settings without a map key, by full name. */
        static final Set<String> PLAIN = new HashSet<>();
        /** Settings under a map ({@code agent.dependencies.*.url}), by the literal part before the first {@code *}. */
        static final Map<String, List<String>> UNDER_MAPS = new HashMap<>();

        static {
            for (String setting : ConfigClass.configClass(AgentConfig.class, PREFIX).getProperties().keySet()) {
                int star = setting.indexOf('*');
                if (star < 0) {
                    PLAIN.add(setting);
                } else {
                    UNDER_MAPS.computeIfAbsent(setting.substring(0, star), k -> new ArrayList<>()).add(setting);
                }
            }
        }

        private Settings() {
        }
    }

    private AgentKeys() {
    }

    /** The names among {@code names} under {@code agent.} that no setting of the mapping has, one error each. */
    static List<ConfigError> unknown(Collection<String> names) {
        return names.stream().filter(n -> n.startsWith(PREFIX + ".")).sorted().filter(n -> !known(n))
                .map(n -> new ConfigError(n, "unknown key: no setting of the agent has this name (see docs/configuration.md)"))
                .toList();
    }

    private static boolean known(String name) {
        String unindexed = withoutIndexes(name);
        if (Settings.PLAIN.contains(unindexed)) {
            return true;
        }
        for (Map.Entry<String, List<String>> map : Settings.UNDER_MAPS.entrySet()) {
            if (unindexed.startsWith(map.getKey())) {
                for (String setting : map.getValue()) {
                    if (PropertyName.equals(setting, unindexed)) { // a * matches one segment, quoted or not
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** {@code steps[0]} is the list {@code steps}, written one element at a time. */
    static String withoutIndexes(String name) {
        return name.indexOf('[') < 0 ? name : INDEX.matcher(name).replaceAll("");
    }
}
