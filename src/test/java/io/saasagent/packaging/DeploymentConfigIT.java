package io.saasagent.packaging;

import io.saasagent.testing.PackagedAgent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.saasagent.testing.Await;
import io.saasagent.testing.FreePorts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.saasagent.packaging.Manifests.container;
import static io.saasagent.packaging.Manifests.one;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged agent started exactly as each overlay's Deployment starts it: the ConfigMap's files,
 * the container's env (downward API filled in, $(VAR) expanded), the Secret's files. It must accept
 * the configuration and probe every dependency the files name. Only two things differ from a pod:
 * the mount paths live in a temporary directory, and coordination is off (no API server here).
 */
@Timeout(120)
class DeploymentConfigIT {
    private static final String CONFIG_DIR = "/etc/saas-agent/";
    private static final String SECRET_DIR = "/var/run/secrets/saas-agent/";
    private static final Pattern DEPENDENCY_TYPE = Pattern.compile("agent\\.dependencies\\.([^.]+)\\.type");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\((\\w+)\\)");

    static Stream<Path> overlays() {
        return ProjectFiles.OVERLAYS.stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theAgentStartsOnTheOverlaysConfigurationAndProbesEveryDependency(Path overlay) throws Exception {
        List<HasMetadata> built = Manifests.build(overlay);
        ConfigMap config = one(built, ConfigMap.class);
        Container agent = container(one(built, Deployment.class), "saas-agent");
        Path root = Files.createTempDirectory("saas-agent-pod");
        Path configDir = Files.createDirectories(root.resolve("etc"));
        Path secretDir = Files.createDirectories(root.resolve("secrets"));

        for (var file : config.getData().entrySet()) {
            Files.writeString(configDir.resolve(file.getKey()), relocate(file.getValue(), configDir, secretDir));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : agent.getEnv()) {
            String value = e.getValueFrom() != null ? fieldRef(e.getValueFrom().getFieldRef().getFieldPath()) : expand(e.getValue(), env);
            env.put(e.getName(), relocate(value, configDir, secretDir));
        }
        // Every secret file the configuration names exists, as the Secret's keys would.
        Set<String> secretFiles = new TreeSet<>();
        Matcher m = Pattern.compile(Pattern.quote(secretDir.toString()) + "/[\\w.-]+")
                .matcher(String.join("\n", Files.readString(configDir.resolve("application.properties")),
                        Files.readString(configDir.resolve("region.properties")), String.join("\n", env.values())));
        while (m.find()) {
            secretFiles.add(m.group());
        }
        List<String> canaries = new java.util.ArrayList<>();
        for (String f : secretFiles) {
            String canary = "canary-" + Path.of(f).getFileName();
            // A TSIG secret is base64 (BIND's key format), so its canary is too: the agent refuses a malformed one.
            String value = f.contains("tsig") ? java.util.Base64.getEncoder().encodeToString(canary.getBytes(java.nio.charset.StandardCharsets.UTF_8)) : canary;
            canaries.add(value);
            Files.writeString(Path.of(f), value + "\n");
        }
        int port = FreePorts.next();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("AGENT_COORDINATION_MODE", "none");

        Properties merged = new Properties();
        for (String f : List.of("application.properties", "region.properties")) {
            merged.load(Files.newBufferedReader(configDir.resolve(f)));
        }
        Set<String> dependencies = new TreeSet<>();
        merged.stringPropertyNames().forEach(k -> {
            Matcher d = DEPENDENCY_TYPE.matcher(k);
            if (d.matches()) {
                dependencies.add(d.group(1));
            }
        });
        assertThat(dependencies).contains("nats", "redis", "postgres", "openmeter", "api", "dr");

        Path log = root.resolve("agent.log");
        ProcessBuilder builder = new ProcessBuilder(PackagedAgent.command(List.of())).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AGENT_") || k.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            JsonNode health = Await.value(Duration.ofSeconds(60), "/health/saas of the agent on " + overlay, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the agent stopped on the " + overlay + " configuration:\n" + read(log));
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/saas"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    return Optional.of(new ObjectMapper().readTree(r.body()));
                } catch (IOException e) {
                    return Optional.empty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            for (String dependency : dependencies) {
                assertThat(health.has(dependency)).as(dependency + " in /health/saas: " + health).isTrue();
            }
            // The mirror's stream name keeps its case (the reason the configuration is a file, not env).
            assertThat(merged.getProperty("agent.dependencies.nats.mirrors.AGENTESE")).isEqualTo("AGENTESE_MIRROR");
            assertThat(read(log)).doesNotContain("Invalid configuration").doesNotContain("canary-");
            canaries.forEach(c -> assertThat(read(log)).doesNotContain(c));
        } finally {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String relocate(String text, Path configDir, Path secretDir) {
        return text == null ? null : text.replace(CONFIG_DIR, configDir + "/").replace(SECRET_DIR, secretDir + "/");
    }

    private static String fieldRef(String fieldPath) {
        return switch (fieldPath) {
            case "metadata.name" -> "saas-api-7d9f8-abcde";
            case "metadata.namespace" -> "saas";
            case "metadata.uid" -> "5f0c1d2e-0000-4000-8000-000000000001";
            default -> throw new AssertionError("no test value for the downward API field " + fieldPath);
        };
    }

    /** Kubernetes' $(VAR) expansion of env values from the variables defined before. */
    private static String expand(String value, Map<String, String> defined) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = defined.get(m.group(1));
            assertThat(replacement).as("$(" + m.group(1) + ") is defined before it is used").isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
