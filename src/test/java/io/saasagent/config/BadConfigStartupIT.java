package io.saasagent.config;

import io.saasagent.testing.PackagedAgent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged agent, started with a bad value, stops with one line naming the key and exit status 1. */
class BadConfigStartupIT {

    private record Run(int exit, List<String> lines) {
    }

    private static Run start(String... properties) throws IOException, InterruptedException {
        return start(Map.of(), properties);
    }

    private static Run start(Map<String, String> environment, String... properties) throws IOException, InterruptedException {
        List<String> props = new ArrayList<>(List.of("-Dquarkus.http.port=0", "-Dagent.coordination.mode=none"));
        props.addAll(List.of(properties));
        List<String> command = PackagedAgent.command(props);
        Path out = Files.createTempFile("agent-bad-config", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the agent did not stop within 60 s on a bad configuration:\n" + Files.readString(out));
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        return new Run(process.exitValue(), lines);
    }

    private static List<String> errorLines(Run run) {
        return run.lines().stream().filter(l -> l.contains("Invalid configuration")).toList();
    }

    @Test
    @Timeout(90)
    void negativeIntervalStopsStartWithOneLine() throws Exception {
        Run run = start("-Dagent.dependencies.cache.type=redis", "-Dagent.dependencies.cache.url=redis://127.0.0.1:6379",
                "-Dagent.dependencies.cache.interval=-5s");
        assertThat(run.exit()).as(String.join("\n", run.lines())).isEqualTo(1);
        assertThat(errorLines(run)).singleElement().asString()
                .endsWith("Invalid configuration: agent.dependencies.cache.interval: must be positive, got PT-5S");
        assertThat(run.lines()).noneMatch(l -> l.startsWith("\tat "));
    }

    @Test
    @Timeout(90)
    void unknownTypeAndMalformedUrlEachNameTheirKey() throws Exception {
        Run run = start("-Dagent.dependencies.queue.type=kafka", "-Dagent.dependencies.queue.url=nats://127.0.0.1:4222",
                "-Dagent.dependencies.db.type=postgres", "-Dagent.dependencies.db.url=postgresql://u:canary-pw@bad host/x");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(errorLines(run)).hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("agent.dependencies.queue.type: unknown type 'kafka'"))
                .anySatisfy(l -> assertThat(l).contains("agent.dependencies.db.url: malformed URL"));
        assertThat(run.lines()).noneMatch(l -> l.contains("canary-pw"));
    }

    private static final String[] CACHE = {"-Dagent.dependencies.cache.type=redis", "-Dagent.dependencies.cache.url=redis://127.0.0.1:6379"};
    private static final String[] DR = {"-Dagent.dependencies.dr.type=http", "-Dagent.dependencies.dr.url=http://127.0.0.1:1/health/saas"};

    private static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String emptyFile() {
        try {
            Path file = Files.createTempFile("agent-empty-secret", "");
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Each: the properties, the key the one error line must name, and what it must say. */
    /** A Statuspage templates directory whose update.txt does not parse (an unclosed section). */
    private static String badTemplates() {
        try {
            Path dir = Files.createTempDirectory("agent-statuspage-texts");
            Files.writeString(dir.resolve("update.txt"), "{#if state}never closed");
            dir.toFile().deleteOnExit();
            dir.resolve("update.txt").toFile().deleteOnExit();
            return dir.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Arguments> nonsense() {
        String p = "agent.dependencies.cache.";
        return Stream.of(
                Arguments.of(with(CACHE, "-D" + p + "critical=maybe"), p + "critical", "must be true or false, got 'maybe'"),
                Arguments.of(with(CACHE, "-D" + p + "failover=yes"), p + "failover", "must be true or false"),
                Arguments.of(with(CACHE, "-Dagent.health.readiness-includes-critical=on"), "agent.health.readiness-includes-critical", "true or false"),
                Arguments.of(with(CACHE, "-Dagent.failover.force-ownership=1"), "agent.failover.force-ownership", "true or false"),
                Arguments.of(with(CACHE, "-Dagent.failover.rules.mirror_lag.enabled=perhaps"), "agent.failover.rules.mirror_lag.enabled", "true or false"),
                Arguments.of(with(CACHE, "-Dagent.failover.failback.steps=10,50"), "agent.failover.failback.steps", "must end at 100"),
                Arguments.of(with(CACHE, "-Dagent.failover.failback.steps=50,10,100"), "agent.failover.failback.steps", "must increase strictly"),
                Arguments.of(with(CACHE, "-Dagent.failover.failback.steps=10,150"), "agent.failover.failback.steps", "not a percentage"),
                Arguments.of(with(CACHE, "-D" + p + "latency-budget=5s", "-D" + p + "timeout=1s"), p + "latency-budget", "must be below timeout"),
                Arguments.of(with(CACHE, "-D" + p + "timeout=PT0.0005S"), p + "timeout", "must be at least 1 ms"),
                Arguments.of(with(CACHE, "-D" + p + "timeout=20s"), p + "timeout", "must not exceed interval"),
                Arguments.of(with(CACHE, "-D" + p + "interval=0s"), p + "interval", "must be positive"),
                Arguments.of(with(CACHE, "-Dagent.failover.dr-dependency=cache"), "agent.failover.dr-dependency", "must be an http dependency"),
                Arguments.of(with(with(CACHE, DR), "-Dagent.failover.dr-dependency=dr", "-Dagent.dependencies.dr.critical=true"),
                        "agent.failover.dr-dependency", "neither critical nor feed failover"),
                Arguments.of(with(with(CACHE, DR), "-Dagent.failover.dr-dependency=dr", "-Dagent.dependencies.dr.failover=true"),
                        "agent.failover.dr-dependency", "neither critical nor feed failover"),
                Arguments.of(with(CACHE, "-D" + p + "password-file=" + emptyFile()), p + "password-file", "is empty"),
                Arguments.of(with(CACHE, "-D" + p + "password-file=/nonexistent/secret"), p + "password-file", "does not exist"),
                Arguments.of(with(CACHE, "-D" + p + "failure-threshold=0"), p + "failure-threshold", "must be at least 1"),
                Arguments.of(with(CACHE, "-D" + p + "success-threshold=0"), p + "success-threshold", "must be at least 1"),
                Arguments.of(with(CACHE, "-D" + p + "memory-warn-ratio=1.5"), p + "memory-warn-ratio", "must be a ratio"),
                Arguments.of(with(CACHE, "-D" + p + "circuit.backoff-multiplier=0.5"), p + "circuit.backoff-multiplier", "must be >= 1"),
                Arguments.of(with(CACHE, "-D" + p + "tls-ca-file=/nonexistent/ca.pem"), p + "tls-ca-file", "cannot read CA certificates"),
                Arguments.of(with(CACHE, "-Dagent.dependencies.queue.type=nats",
                        "-Dagent.dependencies.queue.url=nats://127.0.0.1:4222,http://127.0.0.1:4223"), "agent.dependencies.queue.url", "scheme 'http'"),
                Arguments.of(with(CACHE, "-Dagent.failover.rules.health_check_failure.threshold=5"),
                        "agent.failover.rules.health_check_failure.threshold", "is not used by consecutive_failures"),
                Arguments.of(with(CACHE, "-Dagent.failover.rules.error_rate_spike.threshold=2"),
                        "agent.failover.rules.error_rate_spike.threshold", "is a fraction"),
                Arguments.of(with(CACHE, "-Dagent.failover.rules.odd.signal=vibes", "-Dagent.failover.rules.odd.threshold=1"),
                        "agent.failover.rules.odd.signal", "unknown value 'vibes'"),
                Arguments.of(with(CACHE, "-Dagent.failover.rules.odd.signal=error_rate"),
                        "agent.failover.rules.odd.threshold", "is required for error_rate"),
                Arguments.of(with(CACHE, "-Dagent.failover.mode=yolo"), "agent.failover.mode", "unknown value 'yolo'"),
                Arguments.of(with(CACHE, "-Dagent.failover.modee=active"), "agent.failover.modee", "unknown key"),
                Arguments.of(with(CACHE, "-D" + p + "intervall=5s"), p + "intervall", "unknown key"),
                Arguments.of(with(CACHE, "-Dagent.metrics.prefix=9bad"), "agent.metrics.prefix", "not a valid Prometheus"),
                Arguments.of(with(CACHE, "-Dagent.failover.ttl=0"), "agent.failover.ttl", "at least 1 second"),
                Arguments.of(with(CACHE, "-D" + p + "expected-status=999"), p + "expected-status", "not an HTTP status code"),
                Arguments.of(with(CACHE, "-D" + p + "archive-lag-warn=0s"), p + "archive-lag-warn", "must be positive"),
                Arguments.of(with(CACHE, "-Dagent.cluster-checks.offsite.kind=object-store", "-Dagent.cluster-checks.offsite.bucket=dr-backups",
                        "-Dagent.cluster-checks.offsite.access-key-id=AKIA"), "agent.cluster-checks.offsite.secret-access-key",
                        "is required with access-key-id"),
                Arguments.of(with(CACHE, "-Dagent.statuspage.page-id=kctbh9vrtdwd"), "agent.statuspage.page-id", "is set without an API key"),
                Arguments.of(with(CACHE, "-Dagent.statuspage.api-key=sp-key-1234"), "agent.statuspage.page-id", "is required when"),
                Arguments.of(with(CACHE, "-Dagent.statuspage.page-id=kctbh9vrtdwd", "-Dagent.statuspage.api-key=sp-key-1234",
                        "-Dagent.statuspage.templates=" + badTemplates()), "agent.statuspage.templates", "update.txt"));
    }

    @ParameterizedTest
    @MethodSource("nonsense")
    @Timeout(90)
    void nonsenseStopsStartWithOneLineNamingTheKey(String[] properties, String key, String says) throws Exception {
        Run run = start(properties);
        assertThat(run.exit()).as(String.join("\n", run.lines())).isEqualTo(1);
        assertThat(errorLines(run)).as(String.join("\n", run.lines())).singleElement().asString()
                .contains("Invalid configuration: " + key + ": ").contains(says);
        assertThat(run.lines()).noneMatch(l -> l.startsWith("\tat "));
    }

    @Test
    @Timeout(90)
    void aBadClusterCheckObjectiveNamesItsKey() throws Exception {
        Run run = start("-Dagent.cluster-checks.backups.kind=backup-cronjob", "-Dagent.cluster-checks.backups.name=nats-backup",
                "-Dagent.cluster-checks.backups.warn-age=soon");
        assertThat(run.exit()).as(String.join("\n", run.lines())).isEqualTo(1);
        assertThat(errorLines(run)).singleElement().asString().endsWith("Invalid configuration: agent.cluster-checks.backups.warn-age: "
                + "must be a positive duration (like 10m, 25h, 30d), got 'soon'");
        assertThat(run.lines()).noneMatch(l -> l.startsWith("\tat "));
    }

    @Test
    @Timeout(90)
    void anAgentVariableOfAnotherProgramInTheEnvironmentIsNotRefused() throws Exception {
        // AGENT_BIN reads as agent.bin: the environment holds other programs' variables, so only files and system
        // properties are held to the agent's names. The run is stopped by a bad value after the check.
        Run run = start(Map.of("AGENT_BIN", "/usr/local/bin/agent"), "-Dagent.failover.mode=yolo");
        assertThat(run.exit()).as(String.join("\n", run.lines())).isEqualTo(1);
        assertThat(errorLines(run)).as(String.join("\n", run.lines())).singleElement().asString()
                .contains("agent.failover.mode: unknown value 'yolo'");
    }
}
