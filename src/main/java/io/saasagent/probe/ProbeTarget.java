package io.saasagent.probe;

import io.saasagent.config.DependencyType;
import io.saasagent.config.AgentConfig;
import io.saasagent.config.DependencyConfig;
import io.saasagent.config.Secret;
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
        Secret usernameSecret,
        Secret passwordSecret,
        Secret apiKeySecret,
        Map<String, String> mirrors,
        List<Integer> expectedStatus,
        Thresholds thresholds,
        Clock clock,
        /** nats: every server of the comma-separated url (the first is {@link #uri()}); others: the uri alone. */
        List<URI> servers,
        /** TLS: trust only this PEM file's CA certificates (tls-ca-file); empty: the JVM's trust store. */
        Optional<String> tlsCaFile) {

    /**
     * Resolves dependency {@code name} of {@code agent}. Credentials come from the configured
     * username/password (value or file) or else from the URL's userinfo; passwords and keys are
     * registered with the Redactor, user names are not.
     */
    public static ProbeTarget of(String name, AgentConfig agent, Clock clock) {
        DependencyConfig c = agent.dependencies().get(name);
        List<URI> servers = java.util.Arrays.stream(c.url().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(URI::create).toList();
        URI uri = servers.get(0);
        servers.forEach(server -> userinfo(server, 1)); // every server's password is registered
        // Looked up (and so registered) even when a configured password wins: the URL still holds it.
        Secret urlPassword = fixed(userinfo(uri, 1), true);
        return new ProbeTarget(name,
                DependencyType.parse(c.type()).orElseThrow(),
                uri,
                DependencyConfig.timeoutOf(c),
                DependencyConfig.latencyBudgetOf(c),
                Secret.plain(c.username(), c.usernameFile()).or(fixed(userinfo(uri, 0), false)),
                Secret.of(c.password(), c.passwordFile()).or(urlPassword),
                Secret.of(c.apiKey(), c.apiKeyFile()),
                Map.copyOf(c.mirrors()),
                c.expectedStatus().orElse(List.of()),
                Thresholds.of(c, agent.failover()),
                clock,
                servers,
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

    private static Secret fixed(Optional<String> value, boolean sensitive) {
        return sensitive ? Secret.of(value, Optional.empty()) : Secret.plain(value, Optional.empty());
    }

    /** The user name as of now (a {@code *-file} is read again when it changes). */
    public Optional<String> username() {
        return usernameSecret.value();
    }

    /** The password as of now (a {@code *-file} is read again when it changes). */
    public Optional<String> password() {
        return passwordSecret.value();
    }

    public Optional<String> apiKey() {
        return apiKeySecret.value();
    }

    /** Grows whenever a credential file changed: a connection opened before must be opened again. */
    public long credentialsVersion() {
        return usernameSecret.version() + passwordSecret.version() + apiKeySecret.version();
    }

    /** The port of the URL, or {@code defaultPort} when it names none. */
    public int port(int defaultPort) {
        return uri.getPort() < 0 ? defaultPort : uri.getPort();
    }

    /** The URL fit to show: no userinfo (every server, for a nats list). */
    public String safeUrl() {
        return String.join(",", servers.stream().map(s -> Redactor.safeUrl(s.toString())).toList());
    }

    @Override
    public String toString() {
        return "ProbeTarget[" + name + " " + type.id() + " " + safeUrl() + "]";
    }
}
