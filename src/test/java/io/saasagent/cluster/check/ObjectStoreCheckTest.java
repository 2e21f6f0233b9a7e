package io.saasagent.cluster.check;

import io.saasagent.config.ConfigError;
import io.saasagent.state.DependencyStatus;
import io.saasagent.testing.PrivateS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The off-site copy check against a real S3-compatible server on loopback (s3rver, which checks the
 * requests' signatures): objects whose LastModified is 1 h, 50 h and 80 h old are healthy, degraded and
 * unhealthy; an empty prefix is unhealthy; a wrong key is rejected; the server stopped is unknown; a
 * prefix of 20,000 objects is listed within the bound, and one past the bound says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ObjectStoreCheckTest {
    private static final String BUCKET = "kgents-dr-backups";
    private PrivateS3 s3;

    @BeforeAll
    void start() {
        s3 = new PrivateS3().start();
        s3.bucket(BUCKET).bucket("empty-bucket");
        Instant now = Instant.now();
        byte[] body = "backup".getBytes(StandardCharsets.UTF_8);
        for (int day = 5; day >= 1; day--) {
            // nats/: daily backups, the newest an hour old; velero/: the newest 50 h old; old/: 80 h.
            s3.put(BUCKET, "nats/2025121" + (5 - day) + "-020000.tar.gz", body, now.minus(Duration.ofHours(24L * day - 23)));
            s3.put(BUCKET, "velero/backups/daily-" + day + "/daily-" + day + ".tar.gz", body, now.minus(Duration.ofHours(24L * day + 26)));
            s3.put(BUCKET, "old/" + day + ".tar.gz", body, now.minus(Duration.ofHours(24L * day + 56)));
        }
    }

    @AfterAll
    void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    private Map<String, String> keys(String bucket, String prefix) {
        Map<String, String> p = new HashMap<>();
        p.put("agent.cluster-checks.offsite.kind", "object-store");
        p.put("agent.cluster-checks.offsite.bucket", bucket);
        p.put("agent.cluster-checks.offsite.prefix", prefix);
        p.put("agent.cluster-checks.offsite.endpoint", s3.endpoint());
        p.put("agent.cluster-checks.offsite.region", "us-west-2");
        p.put("agent.cluster-checks.offsite.path-style", "true");
        p.put("agent.cluster-checks.offsite.access-key-id", PrivateS3.ACCESS_KEY_ID);
        p.put("agent.cluster-checks.offsite.secret-access-key", PrivateS3.SECRET_ACCESS_KEY);
        return p;
    }

    private static ClusterCheck check(Map<String, String> keys) {
        ClusterChecksConfig.Parsed parsed = ClusterChecksConfig.parse(keys);
        assertThat(parsed.errors()).isEmpty();
        return parsed.checks().get(0);
    }

    private CheckResult run(String bucket, String prefix) {
        return check(keys(bucket, prefix)).run(null, Instant.now());
    }

    @Test
    void theNewestObjectsAgeAgainstTheSli() {
        CheckResult fresh = run(BUCKET, "nats/");
        assertThat(fresh.status()).as(String.valueOf(fresh.reason())).isEqualTo(DependencyStatus.HEALTHY);
        assertThat(fresh.details()).containsEntry("newest_key", "nats/20251214-020000.tar.gz").containsEntry("newest_size_bytes", 6L)
                .containsEntry("objects_listed", 5L).containsEntry("complete", true);
        assertThat(fresh.age()).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(62));

        CheckResult warning = run(BUCKET, "velero/");
        assertThat(warning.status()).isEqualTo(DependencyStatus.DEGRADED);
        assertThat(warning.reason()).contains("velero/backups/daily-1/daily-1.tar.gz").contains("over 2d");

        CheckResult critical = run(BUCKET, "old/");
        assertThat(critical.status()).isEqualTo(DependencyStatus.UNHEALTHY);
        assertThat(critical.age()).isGreaterThan(Duration.ofHours(72));

        CheckResult empty = run("empty-bucket", "nats/");
        assertThat(empty.status()).isEqualTo(DependencyStatus.UNHEALTHY);
        assertThat(empty.reason()).contains("nothing under s3://empty-bucket/nats/");
    }

    @Test
    void aWrongKeyIsRejectedAndNeverShown() {
        // s3rver refuses an access key id it does not know (403 InvalidAccessKeyId); it does not verify the secret.
        Map<String, String> keys = keys(BUCKET, "nats/");
        keys.put("agent.cluster-checks.offsite.access-key-id", "AKIA-SOMEONE-ELSE");
        keys.put("agent.cluster-checks.offsite.secret-access-key", "not-the-secret-4711");
        CheckResult r = check(keys).run(null, Instant.now());
        assertThat(r.status()).isEqualTo(DependencyStatus.UNHEALTHY);
        assertThat(r.details()).containsEntry("failure_class", "rejected");
        assertThat(r.reason()).contains("403").contains("InvalidAccessKeyId").contains("s3:ListBucket");
        assertThat(r.toString()).doesNotContain("not-the-secret-4711");
    }

    @Test
    void anEndpointThatDoesNotAnswerIsUnknown() {
        try (PrivateS3 other = new PrivateS3().start()) {
            other.bucket(BUCKET);
            Map<String, String> keys = keys(BUCKET, "nats/");
            keys.put("agent.cluster-checks.offsite.endpoint", other.endpoint());
            ClusterCheck check = check(keys);
            assertThat(check.run(null, Instant.now()).status()).isEqualTo(DependencyStatus.UNHEALTHY); // answers: empty
            other.stop();
            long begin = System.nanoTime();
            CheckResult r = check.run(null, Instant.now());
            assertThat(r.status()).isEqualTo(DependencyStatus.UNKNOWN);
            assertThat(r.reason()).contains("did not answer");
            assertThat(r.details()).doesNotContainKey("failure_class");
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(11));
        }
    }

    @Test
    void twentyThousandObjectsAreListedWithinTheBoundAndBeyondItTheCheckSaysSo() {
        Instant now = Instant.now();
        byte[] body = new byte[] {1};
        // WAL-like keys, sorted by time, spread over directories as a dated layout would be.
        for (int i = 0; i < 20_000; i++) {
            s3.put(BUCKET, String.format("wal/%03d/%08X", i / 200, i), body, now.minus(Duration.ofSeconds(20_000L - i)));
        }
        // s3rver serves a page of 1,000 in about 0.3-0.6 s here (AWS: ~0.1-0.2 s): the whole prefix in a 30 s bound.
        Map<String, String> keys = keys(BUCKET, "wal/");
        keys.put("agent.cluster-checks.offsite.list-timeout", "30s");
        long begin = System.nanoTime();
        CheckResult all = check(keys).run(null, now);
        long ms = (System.nanoTime() - begin) / 1_000_000;
        System.out.printf("object-store check: 20,000 objects, %s pages, listed in %d ms%n", all.details().get("pages"), ms);
        assertThat(all.status()).as(String.valueOf(all.reason())).isEqualTo(DependencyStatus.HEALTHY);
        assertThat(all.details()).containsEntry("objects_listed", 20_000L).containsEntry("pages", 20).containsEntry("complete", true)
                .containsEntry("newest_key", String.format("wal/%03d/%08X", 99, 19_999));
        assertThat(ms).as("within the 30 s list-timeout").isLessThan(31_000);

        // The time bound: 1 s lists what it can, stops, and says so.
        keys.put("agent.cluster-checks.offsite.list-timeout", "1s");
        begin = System.nanoTime();
        CheckResult timed = check(keys).run(null, now);
        ms = (System.nanoTime() - begin) / 1_000_000;
        System.out.printf("object-store check: 1 s bound stopped after %s objects, in %d ms%n", timed.details().get("objects_listed"), ms);
        assertThat(timed.details()).containsEntry("complete", false);
        assertThat(ms).isLessThan(2_500);
        assertThat(timed.status()).as("the newest listed so far is minutes old, fresh enough: a fresh object exists").isEqualTo(DependencyStatus.HEALTHY);

        // The page bound: the newest of the first 5,000 keys is 4 h old, which proves nothing about the rest.
        keys.put("agent.cluster-checks.offsite.list-timeout", "10s");
        keys.put("agent.cluster-checks.offsite.max-pages", "5");
        keys.put("agent.cluster-checks.offsite.warn-age", "1h");
        keys.put("agent.cluster-checks.offsite.critical-age", "2h");
        CheckResult bounded = check(keys).run(null, now);
        assertThat(bounded.status()).isEqualTo(DependencyStatus.UNKNOWN);
        assertThat(bounded.details()).containsEntry("objects_listed", 5000L).containsEntry("complete", false);
        assertThat(bounded.reason()).contains("stopped at its bound").contains("key-order=time");
        assertThat(bounded.age()).as("no age exported for a figure the bound cut short").isNull();
    }

    @Test
    void keysInTimeOrderAreFollowedFromRunToRun() {
        Instant now = Instant.now();
        byte[] body = new byte[] {1};
        for (int i = 0; i < 1_500; i++) {
            s3.put(BUCKET, String.format("seq/%08X", i), body, now.minus(Duration.ofSeconds(10_000L - i)));
        }
        Map<String, String> keys = keys(BUCKET, "seq/");
        keys.put("agent.cluster-checks.offsite.key-order", "time");
        keys.put("agent.cluster-checks.offsite.max-pages", "1");
        ClusterCheck check = check(keys);
        // One page a run: the first pass takes two runs, the second going on where the first stopped.
        CheckResult first = check.run(null, now);
        assertThat(first.details()).containsEntry("complete", false).containsEntry("objects_listed", 1000L);
        CheckResult second = check.run(null, now);
        assertThat(second.details()).containsEntry("complete", true).containsEntry("started_after", String.format("seq/%08X", 999))
                .containsEntry("objects_listed", 500L).containsEntry("newest_key", String.format("seq/%08X", 1_499));
        assertThat(second.status()).isEqualTo(DependencyStatus.HEALTHY);
        // At the end: each run lists from just before the last key, one page whatever the size of the prefix.
        s3.put(BUCKET, "seq/000005DC", body, now);
        CheckResult tail = check.run(null, now);
        assertThat(tail.details()).containsEntry("pages", 1).containsEntry("objects_listed", 2L).containsEntry("newest_key", "seq/000005DC");
        // The remembered keys deleted (a lifecycle rule, a hand): back to the whole prefix, never a remembered object.
        for (String gone : new String[] {"seq/000005DB", "seq/000005DC"}) {
            try {
                java.nio.file.Files.walk(s3.store().resolve(BUCKET).resolve("seq")).filter(p -> p.getFileName().toString().startsWith(gone.substring(4)))
                        .forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        CheckResult after = check.run(null, now);
        assertThat(after.details()).containsEntry("started_after", null).containsEntry("newest_key", String.format("seq/%08X", 999));
    }

    @Test
    void badKeysAreOneLineEach() {
        Map<String, String> p = new HashMap<>();
        p.put("agent.cluster-checks.offsite.kind", "object-store");
        p.put("agent.cluster-checks.offsite.name", "x");
        p.put("agent.cluster-checks.offsite.access-key-id", "AKIA");
        p.put("agent.cluster-checks.offsite.endpoint", "ftp://nowhere");
        p.put("agent.cluster-checks.offsite.key-order", "random");
        p.put("agent.cluster-checks.offsite.max-pages", "0");
        p.put("agent.cluster-checks.offsite.warn-age", "80h");
        List<String> errors = ClusterChecksConfig.parse(p).errors().stream().map(ConfigError::toString).toList();
        assertThat(errors).hasSize(1).allMatch(e -> e.startsWith("agent.cluster-checks.offsite.name:"));
        p.remove("agent.cluster-checks.offsite.name");
        errors = ClusterChecksConfig.parse(p).errors().stream().map(ConfigError::toString).toList();
        assertThat(errors).anyMatch(e -> e.startsWith("agent.cluster-checks.offsite.bucket: is required"))
                .anyMatch(e -> e.startsWith("agent.cluster-checks.offsite.secret-access-key: is required with access-key-id"))
                .anyMatch(e -> e.startsWith("agent.cluster-checks.offsite.endpoint:"))
                .anyMatch(e -> e.startsWith("agent.cluster-checks.offsite.key-order:"))
                .anyMatch(e -> e.startsWith("agent.cluster-checks.offsite.max-pages:"))
                .anyMatch(e -> e.startsWith("agent.cluster-checks.offsite.warn-age: must be shorter than critical-age"));
    }
}
