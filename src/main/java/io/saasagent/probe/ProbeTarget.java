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
        Thresholds thresholds,
        Clock clock,
        Optional<String> tlsCaFile) {

    /**
     * Resolves dependency {@code name} of {@code agent}. Credentials come from the configured
     * username/password (value or file) or else from the URL's userinfo; passwords and keys are
     * registered with the Redactor, user names are not.
     */
    public static ProbeTarget of(String name, AgentConfig agent, Clock clock) {
        AgentConfig.DependencyConfig c = agent.dependencies().get(name);
        URI uri = URI.create(c.url().strip());
        // Looked up (and so registered) even when a configured password wins: the URL still holds it.
        Optional<String> urlPassword = userinfo(uri, 1);
        return new ProbeTarget(name,
                DependencyType.parse(c.type()).orElseThrow(),
                uri,
                c.timeout(),
                c.latencyBudget(),
                Secrets.read(c.username(), c.usernameFile()).or(() -> userinfo(uri, 0)),
                Secrets.resolve(c.password(), c.passwordFile()).or(() -> urlPassword),
                Secrets.resolve(c.apiKey(), c.apiKeyFile()),
                Map.copyOf(c.mirrors()),
                c.expectedStatus().orElse(List.of()),
                Thresholds.of(c, agent.failover()),
                clock,
                c.tlsCaFile());
    }

    /**
     * Part {@code index} (0 user, 1 password) of the URL's userinfo, decoded; the password is
     * registered as a secret (a user name is not: "postgres" masked in every reason would hide the
     * reason, and the userinfo is masked in URLs anyway).
     */
    private static Optional<String> userinfo(URI uri, int index) {
        String userInfo = uri.getUserInfo(); // already percent-decoded
        if (userInfo == null || userInfo.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = userInfo.split(":", 2);
        Optional<String> part = index < parts.length && !parts[index].isEmpty() ? Optional.of(parts[index]) : Optional.empty();
        if (index == 1) {
            part.ifPresent(Redactor::register);
        }
        return part;
    }

    /** The port of the URL, or {@code defaultPort} when it names none. */
    public int port(int defaultPort) {
        return uri.getPort() < 0 ? defaultPort : uri.getPort();
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
