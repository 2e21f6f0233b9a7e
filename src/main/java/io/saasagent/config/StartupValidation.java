package io.saasagent.config;

import io.quarkus.runtime.StartupEvent;
import io.saasagent.support.StartupPriorities;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.smallrye.config.EnvConfigSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses to start with a bad configuration: one line per bad key, then exit status 1, before any
 * probe or endpoint acts on it.
 */
public class StartupValidation {
    private static final Logger LOG = Logger.getLogger("io.saasagent.config");

    @Inject
    AgentConfig config;

    /** The agent's keys as written (the mapping has already read any non-boolean word as false). */
    private static Map<String, String> raw() {
        Config c = ConfigProvider.getConfig();
        Map<String, String> raw = new HashMap<>();
        for (String name : c.getPropertyNames()) {
            if (name.startsWith("agent.")) {
                c.getOptionalValue(name, String.class).ifPresent(v -> raw.put(name, v));
            }
        }
        return raw;
    }

    /**
     * The agent's keys written in a file or a system property: the environment is left out, as SmallRye leaves it
     * out of its own check, because it holds other programs' variables too ({@code AGENT_BIN}, reads as
     * {@code agent.bin}); a variable of the agent's that does name a setting is read all the same.
     */
    private static List<String> written(Set<String> names) {
        Config c = ConfigProvider.getConfig();
        return names.stream().filter(n -> !EnvConfigSource.NAME.equals(c.getConfigValue(n).getSourceName())).toList();
    }

    void validate(@Observes @Priority(StartupPriorities.VALIDATE) StartupEvent event) {
        Map<String, String> raw = raw();
        List<ConfigError> errors = new ArrayList<>(AgentKeys.unknown(written(raw.keySet())));
        errors.addAll(ConfigValidator.validate(config, raw));
        refuse(errors);
    }

    /** Stops the agent when {@code errors} is not empty; also for the parts validated outside AgentConfig (cluster checks). */
    public static void refuse(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            return;
        }
        errors.forEach(e -> LOG.error("Invalid configuration: " + e));
        System.err.flush();
        // halt, not exit: nothing else may start, and Quarkus would print a stack trace for an exception.
        Runtime.getRuntime().halt(1);
    }
}
