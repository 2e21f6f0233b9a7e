package io.saasagent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL cluster on a free loopback port: trust auth for local and loopback
 * connections, optionally one password-authenticated (SCRAM) user for wrong-credential tests, and
 * fsync off. Typical use:
 * <pre>{@code
 * try (PrivatePostgres pg = new PrivatePostgres().withPasswordUser("app", "s3cret").start()) {
 *     pg.sql("CREATE TABLE t(x int)");
 *     probe(pg.jdbcLikeUrl());   // postgresql://127.0.0.1:<port>/postgres
 * }
 * }</pre>
 *
 * <p>Why: probes and failover are tested against a PostgreSQL that can be killed, frozen and
 * restarted, which the shared one on 5432 must never be.
 *
 * <p>Speed: {@code initdb} (about 0.4 s on tmpfs, 1–1.5 s on the disk of a busy machine) runs once
 * per JVM into a template that every instance copies ({@code cp -a}, ~60 ms on tmpfs), and the
 * server then answers in ~50 ms; see {@link PrivateServer#tempRoot()} for where the files go.
 * Settings favour speed over durability: fsync, full_page_writes and autovacuum off, wal_level
 * minimal, 1 MB WAL segments, 16 MB shared_buffers. Commits still reach the OS before returning, so
 * data survives {@link #kill()} (a process crash), not a machine crash.
 *
 * <p>PostgreSQL refuses to run as root: when this JVM is root, initdb and postgres run as the
 * {@code postgres} user through {@code setpriv} (which execs, so {@link #pid()} is the postmaster's),
 * in a work dir chowned to that user. The bin dir is the newest {@code /usr/lib/postgresql/<v>/bin},
 * or the one named by the {@code PG_BIN} environment variable or {@code pg.bin} system property.
 */
public final class PrivatePostgres extends PrivateServer<PrivatePostgres> {

    /** The superuser, which has trust auth. */
    public static final String SUPERUSER = "postgres";
    /** The database every URL points at. */
    public static final String DATABASE = "postgres";

    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration PSQL_TIMEOUT = Duration.ofSeconds(20);
    private static Path template;

    private String passwordUser;
    private String password;
    private boolean archiving;

    /** A PostgreSQL with trust auth only. */
    public PrivatePostgres() {
        super("postgres");
    }

    /**
     * Adds a login role {@code user} that must authenticate with {@code password} (SCRAM) over TCP,
     * to test wrong credentials. Call before {@link #start()}.
     */
    public synchronized PrivatePostgres withPasswordUser(String user, String password) {
        if (workDir() != null) {
            throw new IllegalStateException("configure PrivatePostgres before start()");
        }
        if (!user.matches("[a-z_][a-z0-9_]*") || SUPERUSER.equals(user)) {
            throw new IllegalArgumentException("user must be a plain lower-case identifier other than postgres: " + user);
        }
        this.passwordUser = user;
        this.password = password;
        return this;
    }

    /**
     * WAL archiving on: wal_level replica, archive_mode on, archive_timeout 0, and an archive_command that
     * copies each segment into {@link #archiveDir()} unless {@link #failArchiving(boolean)} made it fail
     * (a flag file the command tests). Call before {@link #start()}.
     */
    public synchronized PrivatePostgres withArchiving() {
        if (workDir() != null) {
            throw new IllegalStateException("configure PrivatePostgres before start()");
        }
        this.archiving = true;
        return this;
    }

    /** Where archive_command copies the segments (with {@link #withArchiving()}). */
    public Path archiveDir() {
        return workDir() == null ? null : workDir().resolve("archive");
    }

    /** Makes archive_command fail (exit 1, as a full disk or a refused upload would) or work again. */
    public void failArchiving(boolean fail) {
        Path flag = workDir().resolve("archive-fails");
        try {
            if (fail) {
                Files.writeString(flag, "archive_command fails while this file exists\n");
            } else {
                Files.deleteIfExists(flag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a little WAL and switches to a new segment, so that the archiver has one to archive; returns its name. */
    public String switchWal() {
        sql("CREATE TABLE IF NOT EXISTS wal_filler(x int); INSERT INTO wal_filler VALUES (1)");
        return sql("SELECT pg_walfile_name(pg_switch_wal())");
    }

    /** {@code postgresql://127.0.0.1:<port>/postgres} (no credentials: the superuser has trust auth). */
    public String jdbcLikeUrl() {
        return "postgresql://" + hostPort() + "/" + DATABASE;
    }

    /** The password-authenticated user, or null. */
    public String passwordUser() {
        return passwordUser;
    }

    /** That user's password, or null. */
    public String password() {
        return password;
    }

    /** The cluster's data dir (inside the work dir). */
    public Path dataDir() {
        return workDir() == null ? null : workDir().resolve("data");
    }

    /**
     * Runs {@code sql} as the superuser on database {@code postgres} via {@code psql} and returns its
     * unaligned, tuples-only output (rows on lines, columns separated by {@code |}), trimmed.
     *
     * @throws IllegalStateException with psql's message when it fails
     */
    public String sql(String sql) {
        return psql(SUPERUSER, null, DATABASE, sql).orThrow();
    }

    /**
     * Runs {@code sql} via {@code psql} over TCP as {@code user} with {@code password} (null for none)
     * on {@code database}, bounded to 20 s, and returns exit code, output and error text; never throws
     * for a failed login or statement, so wrong-credential tests can assert on the result.
     */
    public SqlResult psql(String user, String password, String database, String sql) {
        List<String> cmd = List.of(binDir().resolve("psql").toString(), "-X", "-w", "-q", "-t", "-A",
                "-v", "ON_ERROR_STOP=1", "-h", HOST, "-p", Integer.toString(port()), "-U", user, "-d", database,
                "-c", sql);
        Path err = null;
        try {
            err = Files.createTempFile("psql-", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("PG"));
            env.put("PGCONNECT_TIMEOUT", "5");
            if (password != null) {
                env.put("PGPASSWORD", password);
            }
            Process p = pb.start();
            CompletableOutput out = new CompletableOutput(p);
            if (!p.waitFor(PSQL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                return new SqlResult(-1, out.get().trim(), "psql timed out after " + PSQL_TIMEOUT.toMillis() + " ms");
            }
            return new SqlResult(p.exitValue(), out.get().trim(), Files.readString(err).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run psql", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running psql", e);
        } finally {
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                } catch (IOException ignored) {
                    // temp file
                }
            }
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin}, unless {@code PG_BIN} / {@code -Dpg.bin} names one. */
    public static Path binDir() {
        String configured = System.getProperty("pg.bin", System.getenv("PG_BIN"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path best = null;
        int bestVersion = -1;
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(Path.of("/usr/lib/postgresql"))) {
            for (Path v : versions) {
                String name = v.getFileName().toString();
                if (name.matches("\\d+(\\.\\d+)?") && Files.isExecutable(v.resolve("bin/postgres"))) {
                    int version = (int) (Double.parseDouble(name) * 100);
                    if (version > bestVersion) {
                        bestVersion = version;
                        best = v.resolve("bin");
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql (run scripts/install-test-deps.sh)", e);
        }
        if (best == null) {
            throw new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql (run scripts/install-test-deps.sh)");
        }
        return best;
    }

    // ---- lifecycle hooks -------------------------------------------------------------------------

    @Override
    protected void prepare(Path workDir) throws IOException {
        Path tmpl = template();
        chownToPostgres(workDir);
        run(Duration.ofSeconds(30), List.of("cp", "-a", "--sparse=never", "--reflink=never",
                tmpl.resolve("data").toString(), workDir.resolve("data").toString()));
        Path sock = Files.createDirectory(workDir.resolve("sock"));
        chownToPostgres(sock);
        if (archiving) {
            chownToPostgres(Files.createDirectory(workDir.resolve("archive")));
        }
        StringBuilder hba = new StringBuilder("# written by PrivatePostgres\nlocal all all trust\n");
        if (passwordUser != null) {
            hba.append("host all ").append(passwordUser).append(" 127.0.0.1/32 scram-sha-256\n")
                    .append("host all ").append(passwordUser).append(" ::1/128 scram-sha-256\n");
        }
        hba.append("host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n");
        Files.writeString(workDir.resolve("data/pg_hba.conf"), hba, StandardCharsets.UTF_8); // keeps owner
    }

    @Override
    protected List<String> command(int port, Path workDir) {
        List<String> cmd = new ArrayList<>(List.of(binDir().resolve("postgres").toString(),
                "-D", workDir.resolve("data").toString(), "-p", Integer.toString(port),
                "-k", workDir.resolve("sock").toString()));
        for (String setting : List.of("listen_addresses=" + HOST, "fsync=off",
                "full_page_writes=off", "shared_buffers=16MB", "max_connections=50", "autovacuum=off",
                archiving ? "wal_level=replica" : "wal_level=minimal", "max_wal_senders=0", "dynamic_shared_memory_type=mmap",
                "logging_collector=off", "password_encryption=scram-sha-256")) {
            cmd.add("-c");
            cmd.add(setting);
        }
        if (archiving) {
            Path archive = workDir.resolve("archive");
            for (String setting : List.of("archive_mode=on", "archive_timeout=0", "archive_command=test ! -f "
                    + workDir.resolve("archive-fails") + " && cp %p " + archive + "/%f")) {
                cmd.add("-c");
                cmd.add(setting);
            }
        }
        return asPostgresUser(cmd);
    }

    @Override
    protected boolean answers(int port) {
        try {
            return "READY".equals(RawProbes.pgStartup(HOST, port, SUPERUSER, DATABASE, PROBE_TIMEOUT));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    protected void onReady(boolean firstStart) {
        if (firstStart && passwordUser != null) {
            sql("CREATE ROLE " + passwordUser + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
        }
    }

    @Override
    protected String stopSignal() {
        return "INT"; // fast shutdown: TERM would wait for clients to disconnect
    }

    @Override
    protected Duration startTimeout() {
        return Duration.ofSeconds(30);
    }

    /** After a SIGKILL the postmaster leaves its SysV shared-memory segment behind: remove it by key. */
    @Override
    protected void afterLastExit(Path workDir) {
        Path pidFile = workDir.resolve("data/postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return; // clean shutdown removed it together with the segment
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() >= 7) {
                String key = lines.get(6).trim().split("\\s+")[0];
                if (key.matches("\\d+") && !"0".equals(key)) {
                    run(Duration.ofSeconds(5), List.of("ipcrm", "-M", key));
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("[harness] could not remove PostgreSQL shared memory of " + workDir + ": " + e.getMessage());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The initdb'ed template cluster, made once per JVM and deleted at JVM exit. */
    private static synchronized Path template() throws IOException {
        if (template != null && Files.isDirectory(template.resolve("data"))) {
            return template;
        }
        long begin = System.nanoTime();
        Path dir = Files.createTempDirectory(tempRoot(), "private-postgres-template-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir), "private-postgres-template-cleanup"));
        chownToPostgres(dir);
        run(Duration.ofSeconds(120), asPostgresUser(List.of(binDir().resolve("initdb").toString(),
                "-D", dir.resolve("data").toString(), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                "--locale=C", "--no-sync", "--no-instructions", "--wal-segsize=1")));
        template = dir;
        verbose("postgres template initdb'ed in %d ms", (System.nanoTime() - begin) / 1_000_000);
        return dir;
    }

    private static List<String> asPostgresUser(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(executable("/usr/bin/setpriv", "/bin/setpriv"),
                "--reuid=" + SUPERUSER, "--regid=" + SUPERUSER, "--init-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void chownToPostgres(Path path) throws IOException {
        if (!runningAsRoot()) {
            return;
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(SUPERUSER);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(SUPERUSER);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    /** Outcome of a {@code psql} run. */
    public static final class SqlResult {
        private final int exitCode;
        private final String out;
        private final String err;

        SqlResult(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

        /** psql's exit code: 0 ok, 1 fatal, 2 connection failed (e.g. wrong password), 3 SQL error. */
        public int exitCode() {
            return exitCode;
        }

        /** Standard output, trimmed. */
        public String out() {
            return out;
        }

        /** Standard error, trimmed (e.g. {@code password authentication failed for user "app"}). */
        public String err() {
            return err;
        }

        /** The output when psql succeeded. */
        public String orThrow() {
            if (exitCode != 0) {
                throw new IllegalStateException("psql exit " + exitCode + ": " + err);
            }
            return out;
        }

        @Override
        public String toString() {
            return "SqlResult[exit " + exitCode + ", out=" + out + ", err=" + err + "]";
        }
    }
}
