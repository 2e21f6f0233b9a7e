package io.saasagent.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasagent.testing.Await;
import io.saasagent.testing.PrivatePostgres;
import io.saasagent.testing.PrivateS3;
import io.saasagent.testing.RunningAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged agent (in CI: the native executable) reading both recovery points of issue 19 from real
 * servers: the WAL archive of a private PostgreSQL with archive_mode on (the archiver SQL), and the off-site
 * copies in a bucket of a private S3-compatible server (the agent's signed ListObjectsV2 GET and its XML scanner). The
 * archive's age and the copies' freshness show in /health/saas, /metrics and /failover's contracts; the
 * archive command made to fail turns postgres degraded; a refused listing is rejected; S3 stopped is unknown.
 * The secret access key shows up nowhere.
 */
@Timeout(180)
class PackagedRecoveryPointsIT {
    private static final String SECRET = "offsite-secret-" + UUID.randomUUID();
    private static final String BUCKET = "kgents-dr-backups";

    @Test
    void theBinaryReadsTheWalArchiveAndTheOffsiteCopies() throws Exception {
        Path secretFile = Files.createTempFile("s3-secret", ".txt");
        Files.writeString(secretFile, SECRET + "\n", StandardCharsets.UTF_8);
        Path pgPassword = Files.createTempFile("pg-password", ".txt");
        Files.writeString(pgPassword, "scram-" + SECRET + "\n", StandardCharsets.UTF_8);
        try (PrivatePostgres pg = new PrivatePostgres().withArchiving().withPasswordUser("agent", "scram-" + SECRET).start();
             PrivateS3 s3 = new PrivateS3().start()) {
            String segment = pg.switchWal();
            Await.until(Duration.ofSeconds(20), "segment archived", () -> Files.exists(pg.archiveDir().resolve(segment)));
            Instant now = Instant.now();
            s3.bucket(BUCKET).put(BUCKET, "nats/20251214-020000.tar.gz", new byte[2048], now.minus(Duration.ofHours(2)))
                    .put(BUCKET, "velero/backups/daily/daily.tar.gz", new byte[10], now.minus(Duration.ofHours(50)));

            Map<String, String> p = new LinkedHashMap<>();
            p.put("agent.dependencies.pg.type", "postgres");
            p.put("agent.dependencies.pg.url", pg.jdbcLikeUrl());
            p.put("agent.dependencies.pg.username", PrivatePostgres.SUPERUSER);
            // A cold start on a busy machine: the first connection and queries may take a second or more.
            p.put("agent.dependencies.pg.interval", "2s");
            p.put("agent.dependencies.pg.timeout", "2s");
            p.put("agent.dependencies.pg.latency-budget", "1900ms");
            // A password login over TCP, SCRAM-SHA-256 (the library's optional scram-client, in the binary too).
            p.put("agent.dependencies.pg-scram.type", "postgres");
            p.put("agent.dependencies.pg-scram.url", pg.jdbcLikeUrl());
            p.put("agent.dependencies.pg-scram.username", "agent");
            p.put("agent.dependencies.pg-scram.password-file", pgPassword.toString());
            p.put("agent.dependencies.pg-scram.interval", "2s");
            p.put("agent.dependencies.pg-scram.timeout", "2s");
            p.put("agent.cluster-checks.interval", "1s");
            offsite(p, "nats-offsite", "nats/", s3, PrivateS3.ACCESS_KEY_ID, secretFile);
            p.put("agent.cluster-checks.nats-offsite.key-order", "time");
            offsite(p, "velero-offsite", "velero/", s3, PrivateS3.ACCESS_KEY_ID, secretFile);
            offsite(p, "refused", "nats/", s3, "AKIA-NOT-KNOWN", secretFile);

            try (RunningAgent agent = RunningAgent.start(p)) {
                JsonNode health = Await.value(Duration.ofSeconds(60), "the archive and the copies measured", () -> {
                    JsonNode h = agent.json("/health/saas");
                    JsonNode checks = h.path("cluster").path("checks");
                    boolean done = "healthy".equals(h.path("pg").path("status").asText())
                            && !"unknown".equals(h.path("pg-scram").path("status").asText("unknown"))
                            && h.path("pg").path("details").path("archive").path("age_seconds").isNumber()
                            && List.of("nats-offsite", "velero-offsite", "refused").stream()
                                    .noneMatch(c -> checks.path(c).path("status").asText("unknown").equals("unknown"));
                    return done ? Optional.of(h) : Optional.empty();
                });
                assertThat(health.path("pg-scram").path("status").asText()).as("SCRAM login: " + health.path("pg-scram")).isIn("healthy", "degraded");
                JsonNode archive = health.path("pg").path("details").path("archive");
                assertThat(health.path("pg").path("status").asText()).as(health.toString()).isEqualTo("healthy");
                assertThat(archive.path("mode").asText()).isEqualTo("on");
                assertThat(archive.path("age_seconds").asDouble()).isBetween(0.0, 60.0);
                assertThat(archive.path("waiting_segments").asInt()).isZero();
                assertThat(archive.path("last_archived_wal").asText()).isEqualTo(segment);

                JsonNode checks = health.path("cluster").path("checks");
                assertThat(checks.path("nats-offsite").path("status").asText()).as(checks.toString()).isEqualTo("healthy");
                assertThat(checks.path("nats-offsite").path("object").asText()).isEqualTo("s3://" + BUCKET + "/nats/");
                assertThat(checks.path("nats-offsite").path("details").path("newest_key").asText()).isEqualTo("nats/20251214-020000.tar.gz");
                assertThat(checks.path("nats-offsite").path("details").path("newest_size_bytes").asLong()).isEqualTo(2048);
                assertThat(checks.path("nats-offsite").path("age_seconds").asDouble()).isBetween(7100.0, 7400.0);
                assertThat(checks.path("velero-offsite").path("status").asText()).isEqualTo("degraded");
                assertThat(checks.path("refused").path("status").asText()).isEqualTo("unhealthy");
                assertThat(checks.path("refused").path("failure_class").asText()).isEqualTo("rejected");

                String metrics = agent.body("/metrics");
                assertThat(metrics).containsPattern("(?m)^saas_postgres_archive_age_seconds\\{dependency=\"pg\"\\} [0-9]")
                        .containsPattern("(?m)^saas_postgres_archive_failures_total\\{dependency=\"pg\"\\} [0-9]")
                        .containsPattern("(?m)^saas_postgres_archive_waiting_segments\\{dependency=\"pg\"\\} 0")
                        .containsPattern("(?m)^saas_cluster_check_age_seconds\\{check=\"nats-offsite\",kind=\"object-store\"\\} [0-9]")
                        .contains("saas_cluster_check_status{check=\"refused\",kind=\"object-store\",status=\"unhealthy\"} 1.0");
                JsonNode rpo = agent.json("/failover").path("contracts").path("postgres_rpo");
                assertThat(rpo.path("verdict").asText()).as(rpo.toString()).isEqualTo("PASS");
                assertThat(rpo.path("dependencies").path("pg").path("rpo_seconds").isNumber()).isTrue();

                // archive_command fails: failed_count grows, postgres turns degraded with the failing segment.
                pg.failArchiving(true);
                String stuck = pg.switchWal();
                JsonNode degraded = Await.value(Duration.ofSeconds(30), "postgres degraded by the failing archive", () -> {
                    JsonNode h = agent.json("/health/saas").path("pg");
                    return "degraded".equals(h.path("status").asText()) ? Optional.of(h) : Optional.empty();
                });
                JsonNode failing = degraded.path("details").path("archive");
                assertThat(failing.path("failing").asBoolean()).as(degraded.toString()).isTrue();
                assertThat(failing.path("last_failed_wal").asText()).isEqualTo(stuck);
                assertThat(failing.path("failed_count").asLong()).isPositive();

                // S3 gone: the copies are unknown, not stale.
                s3.stop();
                Await.until(Duration.ofSeconds(30), "the copies unknown", () -> "unknown".equals(agent.json("/health/saas")
                        .path("cluster").path("checks").path("nats-offsite").path("status").asText()));

                for (String answer : List.of(agent.log(), agent.body("/health/saas"), agent.body("/metrics"), agent.body("/failover"))) {
                    assertThat(answer).doesNotContain(SECRET);
                }
            }
        } finally {
            Files.deleteIfExists(secretFile);
        }
    }

    /** An object-store check; s3rver knows one access key id and does not verify the secret, so any secret signs. */
    private static void offsite(Map<String, String> p, String name, String prefix, PrivateS3 s3, String keyId, Path secretFile) {
        String k = "agent.cluster-checks." + name + ".";
        p.put(k + "kind", "object-store");
        p.put(k + "bucket", BUCKET);
        p.put(k + "prefix", prefix);
        p.put(k + "endpoint", s3.endpoint());
        p.put(k + "region", "us-west-2");
        p.put(k + "path-style", "true");
        p.put(k + "access-key-id", keyId);
        p.put(k + "secret-access-key-file", secretFile.toString());
    }
}
