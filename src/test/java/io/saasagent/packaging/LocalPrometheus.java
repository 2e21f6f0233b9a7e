package io.saasagent.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saasagent.testing.Await;
import io.saasagent.testing.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server of the test's own: loopback, a free port, a temporary storage directory,
 * scraping one target every second and loading the shipped alert rules. Closed (the process stopped,
 * the directory deleted) by the test that started it.
 */
final class LocalPrometheus implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path dir;
    private final Process process;
    private final int port;

    private LocalPrometheus(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Starts Prometheus scraping {@code target} (host:port) as job {@code job}; returns once it is ready. */
    static LocalPrometheus start(String job, String target, Path ruleFile) throws IOException {
        String binary = Commands.require("prometheus", "prometheus");
        Path dir = Files.createTempDirectory("saas-prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: %s
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["%s"]
                """.formatted(ruleFile.toAbsolutePath(), job, target));
        // A free port can be taken by another build between the check and Prometheus's bind: retry.
        for (int attempt = 1; ; attempt++) {
            int port = FreePorts.next();
            Process process = new ProcessBuilder(binary, "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            LocalPrometheus prometheus = new LocalPrometheus(dir, process, port);
            try {
                Await.until(Duration.ofSeconds(30), "Prometheus ready on 127.0.0.1:" + port,
                        () -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException("Prometheus exited " + process.exitValue() + ": " + prometheus.log());
                            }
                            return prometheus.status("/-/ready") == 200;
                        });
                return prometheus;
            } catch (IllegalStateException e) {
                prometheus.stopProcess();
                if (attempt >= 3 || !e.getMessage().contains("address already in use")) {
                    prometheus.deleteDir();
                    throw e;
                }
            }
        }
    }

    /** GET {@code /api/v1/query}: the {@code data} of a successful answer, or the error. */
    JsonNode query(String promql) {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + promql + ": " + answer);
        }
        return answer.path("data");
    }

    /** The first sample of an instant query, once there is one. */
    Optional<JsonNode> firstSample(String promql) {
        JsonNode result = query(promql).path("result");
        return result.isEmpty() ? Optional.empty() : Optional.of(result.get(0));
    }

    JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(5)).build();
    }

    String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stopProcess();
        deleteDir();
    }

    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteDir() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temp directory is harmless; the test's result is what matters.
        }
    }

}
