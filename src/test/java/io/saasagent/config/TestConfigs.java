package io.saasagent.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
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
}
