package io.saasagent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged agent (native executable or JVM jar, see {@link PackagedAgent}) running as a process on a free
 * port with the given properties, until {@link #close()}. {@link #start} returns once {@code /health/ready}
 * answers 200, so the first probe round is done. Its whole output is kept in a file for log assertions.
 */
public final class RunningAgent implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RunningAgent(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the agent with {@code properties} (coordination off unless they say otherwise) and waits until ready. */
    public static RunningAgent start(Map<String, String> properties) throws IOException {
        return start(properties, Map.of());
    }

    /** The same, with {@code environment} added to the agent's (which has no AGENT_, QUARKUS_ or KUBERNETES_ variable of ours). */
    public static RunningAgent start(Map<String, String> properties, Map<String, String> environment) throws IOException {
        int port = FreePorts.next();
        List<String> props = new ArrayList<>(List.of("-Dquarkus.http.port=" + port, "-Dagent.coordination.mode=none"));
        properties.forEach((k, v) -> props.add("-D" + k + "=" + v));
        Path log = Files.createTempFile("packaged-agent", ".log");
        ProcessBuilder builder = new ProcessBuilder(PackagedAgent.command(props)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AGENT_") || k.startsWith("QUARKUS_") || k.startsWith("KUBERNETES_"));
        builder.environment().putAll(environment);
        RunningAgent agent = new RunningAgent(builder.start(), port, log);
        try {
            Await.until(READY, "/health/ready of the packaged agent", () -> agent.status("/health/ready") == 200);
        } catch (AssertionError e) {
            agent.close();
            throw new AssertionError(e.getMessage() + "\n" + agent.log(), e);
        }
        return agent;
    }

    public int port() {
        return port;
    }

    /** The status of a GET, or -1 while nothing answers (and an error if the process died). */
    public int status(String path) {
        return get(path).map(HttpResponse::statusCode).orElse(-1);
    }

    public String body(String path) {
        return get(path).map(HttpResponse::body).orElseThrow(() -> new AssertionError("no answer on " + path + "\n" + log()));
    }

    public JsonNode json(String path) {
        try {
            return JSON.readTree(body(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A control call with the bearer token; returns the status. */
    public int post(String path, String token) {
        HttpRequest request = request(path).header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
        return send(request).map(HttpResponse::statusCode).orElseThrow(() -> new AssertionError("no answer on POST " + path + "\n" + log()));
    }

    /** Everything the agent printed so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private Optional<HttpResponse<String>> get(String path) {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
    }

    private Optional<HttpResponse<String>> send(HttpRequest request) {
        if (!process.isAlive()) {
            throw new AssertionError("the packaged agent stopped (exit " + process.exitValue() + "):\n" + log());
        }
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Killed like a lost region's pod: SIGKILL, no shutdown hook, no lease or record released. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
