package io.saasagent.config;

import io.saasagent.testing.PackagedAgent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged agent, started with a bad value, stops with one line naming the key and exit status 1. */
class BadConfigStartupIT {

    private record Run(int exit, List<String> lines) {
    }

    private static Run start(String... properties) throws IOException, InterruptedException {
        List<String> props = new ArrayList<>(List.of("-Dquarkus.http.port=0", "-Dagent.coordination.mode=none"));
        props.addAll(List.of(properties));
        List<String> command = PackagedAgent.command(props);
        Path out = Files.createTempFile("agent-bad-config", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
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
}
