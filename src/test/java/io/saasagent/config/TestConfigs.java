package io.saasagent.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builds the real {@link AgentConfig} mapping, with application.properties' defaults, without starting Quarkus. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static AgentConfig agent(Map<String, String> properties) {
        try {
            URL defaults = TestConfigs.class.getClassLoader().getResource("application.properties");
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withMapping(AgentConfig.class)
                    .withConverter(Duration.class, 100, new DurationConverter())
                    .withSources(new PropertiesConfigSource(defaults, 100))
                    .withSources(new PropertiesConfigSource(properties, "test", 400))
                    .build();
            return config.getConfigMapping(AgentConfig.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What start-up validation says of {@code properties}: one error per bad key. */
    public static List<ConfigError> errors(Map<String, String> properties) {
        return ConfigValidator.validate(agent(properties), properties);
    }

    /** The mapping of {@code properties}, which must pass start-up validation (a test's own set-up mistake otherwise). */
    public static AgentConfig valid(Map<String, String> properties) {
        AgentConfig config = agent(properties);
        List<ConfigError> errors = ConfigValidator.validate(config, properties);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("test configuration is invalid: " + errors);
        }
        return config;
    }
}
