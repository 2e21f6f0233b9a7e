package io.saasagent.probe;

import io.saasagent.config.AgentConfig;
import io.saasagent.config.Secrets;
import io.saasagent.support.Redactor;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a probe needs to know about its dependency, resolved once at start: secrets read,
 * URL parsed. {@link #toString()} never shows a secret.
 */
public record ProbeTarget(
        String name,
        DependencyType type,
        URI uri,
        Duration timeout,
        Duration latencyBudget,
        Optional<String> username,
        Optional<String> password,
        Optional<String> apiKey,
        Map<String, String> mirrors,
        List<Integer> expectedStatus,
        Clock clock) {

    public static ProbeTarget of(String name, AgentConfig.DependencyConfig c, Clock clock) {
        return new ProbeTarget(name,
                DependencyType.parse(c.type()).orElseThrow(),
                URI.create(c.url().strip()),
                c.timeout(),
                c.latencyBudget(),
                Secrets.resolve(c.username(), c.usernameFile()),
                Secrets.resolve(c.password(), c.passwordFile()),
                Secrets.resolve(c.apiKey(), c.apiKeyFile()),
                Map.copyOf(c.mirrors()),
                c.expectedStatus().orElse(List.of()),
                clock);
    }

    /** The URL fit to show: no userinfo. */
    public String safeUrl() {
        return Redactor.safeUrl(uri.toString());
    }

    @Override
    public String toString() {
        return "ProbeTarget[" + name + " " + type.id() + " " + safeUrl() + "]";
    }
}
