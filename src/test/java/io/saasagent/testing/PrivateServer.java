package io.saasagent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lifecycle shared by the private test servers ({@link PrivateRedis}, {@link PrivateNats},
 * {@link PrivatePostgres}): one external process on a free loopback port, a temp work dir with its
 * log, a bounded wait until it really answers its protocol, signals for fault tests, restart on the
 * same port, and cleanup on {@link #close()} or JVM exit.
 *
 * <p>Why: tests of probes and failover need servers they may kill, freeze and restart, which the
 * machine's shared servers must never be. Each subclass only says how to prepare, launch and probe
 * its server; everything about processes lives here once.
 *
 * <p>Signals go to the server process and all its descendants (PostgreSQL is a process tree), via
 * {@code kill -s SIG}. A start that fails prints the server log to stderr and puts its tail in the
 * exception. A first start whose process dies with "address already in use" (a port race with
 * another build) is retried on a fresh port.
 *
 * @param <S> the concrete type, returned by {@link #start()} and {@link #restart()} for chaining
 */
public abstract class PrivateServer<S extends PrivateServer<S>> implements AutoCloseable {

    /** Loopback address every private server binds to. */
    public static final String HOST = "127.0.0.1";

    private static final Set<PrivateServer<?>> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(PrivateServer::emergencyCleanup),
                "private-servers-cleanup"));
    }

    private final String name;
    private int port;
    private Path workDir;
    private Process process;
    private int starts;
    private volatile boolean paused;
    private boolean closed;

    /** @param name short server name used in temp dir, log and error messages, e.g. {@code redis} */
    protected PrivateServer(String name) {
        this.name = name;
    }

    // ---- what a subclass provides ----------------------------------------------------------------

    /** Called once, before the first launch, with the fresh work dir (e.g. to lay out a data dir). */
    protected void prepare(Path workDir) throws IOException {
    }

    /** The command line starting the server in the foreground on {@code port}. */
    protected abstract List<String> command(int port, Path workDir);

    /**
     * Whether the server really answers its protocol on {@code port} now. Must be bounded (short
     * socket time-outs) and return {@code false} rather than throw on I/O errors.
     */
    protected abstract boolean answers(int port);

    /** Called after the server answers; {@code firstStart} is true only the first time. */
    protected void onReady(boolean firstStart) {
    }

    /** Called by {@link #close()} once no process is left, before the work dir is deleted. */
    protected void afterLastExit(Path workDir) {
    }

    /** How long a start may take until the server answers. */
    protected Duration startTimeout() {
        return Duration.ofSeconds(15);
    }

    /** The signal asking for a graceful stop ({@code TERM}; PostgreSQL overrides with {@code INT}). */
    protected String stopSignal() {
        return "TERM";
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    /**
     * Starts the server (on a free port the first time, on the same port afterwards) and waits until
     * it answers. A failed first start leaves nothing behind.
     *
     * @throws IllegalStateException when it does not answer within {@link #startTimeout()}
     */
    public final synchronized S start() {
        if (closed) {
            throw new IllegalStateException(name + " already closed");
        }
        if (isAlive()) {
            throw new IllegalStateException(name + " already running on port " + port);
        }
        boolean first = workDir == null;
        try {
            if (first) {
                workDir = Files.createTempDirectory(tempRoot(), "private-" + name + "-");
                LIVE.add(this);
                long begin = System.nanoTime();
                prepare(workDir);
                verbose("%s prepared in %d ms", name, (System.nanoTime() - begin) / 1_000_000);
            }
            for (int attempt = 1; ; attempt++) {
                if (first) {
                    port = FreePorts.next();
                }
                try {
                    launchAndWait();
                    break;
                } catch (IllegalStateException e) {
                    boolean portRace = first && attempt < START_ATTEMPTS
                            && tail(4000).toLowerCase(Locale.ROOT).contains("address already in use");
                    if (!portRace) {
                        throw e;
                    }
                }
            }
            onReady(first);
            return self();
        } catch (IOException e) {
            if (first) {
                close();
            }
            throw new UncheckedIOException(name + " failed to start", e);
        } catch (RuntimeException | Error e) {
            if (first) {
                close();
            }
            throw e;
        }
    }

    /** Stops the server gracefully ({@link #stopSignal()}), or kills it after 10 s. No-op when not running. */
    public final synchronized void stop() {
        if (!isAlive()) {
            return;
        }
        List<ProcessHandle> tree = tree();
        signal(stopSignal(), tree.subList(0, 1));
        signal("CONT", tree); // a stopped process only acts on the signal once continued
        paused = false;
        if (!waitFor(tree, STOP_TIMEOUT)) {
            kill();
        }
    }

    /** Kills the server and its child processes with SIGKILL, as a crash would, and waits until they are gone. */
    public final synchronized void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = tree();
        tree.forEach(ProcessHandle::destroyForcibly);
        paused = false;
        if (!waitFor(tree, STOP_TIMEOUT)) {
            throw new IllegalStateException(name + " pid " + process.pid() + " survived SIGKILL");
        }
    }

    /** Freezes the server and its children with SIGSTOP: the kernel still accepts connections, nothing answers. */
    public final synchronized void pause() {
        requireAlive();
        paused = true;
        signal("STOP", tree());
    }

    /** Resumes a {@linkplain #pause() paused} server with SIGCONT. */
    public final synchronized void resume() {
        requireAlive();
        signal("CONT", tree());
        paused = false;
    }

    /** Stops the server if it runs, then starts it again on the same port with the same data. */
    public final synchronized S restart() {
        stop();
        return start();
    }

    /** Stops (or kills) the server, deletes its work dir and forgets it. Idempotent. */
    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long begin = System.nanoTime();
        try {
            if (isAlive()) {
                if (paused) {
                    kill();
                } else {
                    stop();
                }
            }
        } finally {
            try {
                if (workDir != null) {
                    afterLastExit(workDir);
                    deleteRecursively(workDir);
                }
            } finally {
                LIVE.remove(this);
                verbose("%s closed in %d ms", name, (System.nanoTime() - begin) / 1_000_000);
            }
        }
    }

    // ---- state -----------------------------------------------------------------------------------

    /** The server's host, always {@code 127.0.0.1}. */
    public final String host() {
        return HOST;
    }

    /** The server's port; 0 before the first start. */
    public final synchronized int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}. */
    public final String hostPort() {
        return HOST + ":" + port();
    }

    /** The temp dir holding the log and data; null before the first start; deleted by {@link #close()}. */
    public final synchronized Path workDir() {
        return workDir;
    }

    /** The log file (stdout and stderr of every start, each preceded by a marker line). */
    public final synchronized Path logFile() {
        return workDir == null ? null : workDir.resolve("server.log");
    }

    /** The whole log so far ("" when there is none). */
    public final String logs() {
        Path log = logFile();
        try {
            return log == null || !Files.exists(log) ? "" : new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The pid of the current (or last) server process. */
    public final synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " never started");
        }
        return process.pid();
    }

    /** Whether the server process is alive (a paused one is). */
    public final synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Whether the server is paused by {@link #pause()}. */
    public final boolean isPaused() {
        return paused;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + hostPort() + (isAlive() ? "" : ", not running")
                + (paused ? ", paused" : "") + "]";
    }

    // ---- helpers for subclasses ------------------------------------------------------------------

    /**
     * Where work dirs go: {@code -Dharness.tmpdir} if set, else {@code /dev/shm} when it is a
     * writable tmpfs with at least 1 GiB free (copying a PostgreSQL data dir there takes ~50 ms
     * instead of ~0.5–1 s on the ext4 disk of a busy machine), else {@code java.io.tmpdir}.
     */
    protected static Path tempRoot() {
        String configured = System.getProperty("harness.tmpdir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path shm = Path.of("/dev/shm");
        try {
            if (Files.isDirectory(shm) && Files.isWritable(shm)
                    && Files.getFileStore(shm).getUsableSpace() >= (1L << 30)) {
                return shm;
            }
        } catch (IOException ignored) {
            // fall back to the default temp dir
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Whether this JVM runs as root (then PostgreSQL must be run as another user). */
    protected static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The first executable among {@code candidates}, else the bare name of the first (looked up on PATH). */
    protected static String executable(String... candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return Path.of(candidates[0]).getFileName().toString();
    }

    /**
     * Runs a short helper command to completion, bounded by {@code timeout}, and returns its output
     * (stdout and stderr merged). Fails with the output when it exits non-zero.
     */
    protected static String run(Duration timeout, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // output of helpers is small; read it fully (ends when the process closes its stdout)
            CompletableOutput out = new CompletableOutput(p);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms: " + command);
            }
            String text = out.get();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("exit " + p.exitValue() + ": " + command + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /** Reads a process's stdout on a daemon thread so that it can never block on a full pipe. */
    static final class CompletableOutput {
        private final Thread reader;
        private volatile String text = "";

        CompletableOutput(Process p) {
            reader = new Thread(() -> {
                try {
                    text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    text = "(output unreadable: " + e + ")";
                }
            }, "process-output-" + p.pid());
            reader.setDaemon(true);
            reader.start();
        }

        String get() throws InterruptedException {
            reader.join(5000);
            return text;
        }
    }

    /** Deletes a directory tree, best effort. */
    protected static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort; reported below if the root is left
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // concurrent changes: fall through to the check
        }
        if (Files.exists(dir)) {
            System.err.println("[harness] could not fully delete " + dir);
        }
    }

    // ---- internals -------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    private void launchAndWait() throws IOException {
        Path log = logFile();
        starts++;
        Files.writeString(log, "=== [harness] start #" + starts + " of " + name + " on port " + port + " ===\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        List<String> command = command(port, workDir);
        process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()))
                .redirectInput(Redirect.from(new java.io.File("/dev/null")))
                .start();
        paused = false;
        Process launched = process;
        long begin = System.nanoTime();
        try {
            Await.until(startTimeout(), name + " answering on port " + port, () -> {
                if (!launched.isAlive()) {
                    throw new IllegalStateException(name + " exited with code " + launched.exitValue()
                            + " before answering on port " + port);
                }
                return answers(port);
            });
        } catch (AssertionError | IllegalStateException e) {
            kill();
            String logs = logs();
            System.err.println("[harness] " + name + " failed to start: " + e.getMessage()
                    + "\n[harness] command: " + String.join(" ", command)
                    + "\n[harness] log " + log + ":\n" + logs);
            throw new IllegalStateException(e.getMessage() + "; command: " + String.join(" ", command)
                    + "\nlog tail:\n" + tail(2000), e);
        }
        verbose("%s ready on port %d in %d ms", name, port, (System.nanoTime() - begin) / 1_000_000);
    }

    /** Prints timings to stderr when run with {@code -Dharness.verbose=true}. */
    static void verbose(String format, Object... args) {
        if (Boolean.getBoolean("harness.verbose")) {
            System.err.println("[harness] " + String.format(format, args));
        }
    }

    private String tail(int chars) {
        String logs = logs();
        return logs.length() <= chars ? logs : logs.substring(logs.length() - chars);
    }

    private void requireAlive() {
        if (!isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
    }

    /** The server process first, then its descendants (collected now, before the parent may die). */
    private List<ProcessHandle> tree() {
        List<ProcessHandle> all = new ArrayList<>();
        ProcessHandle root = process.toHandle();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    /**
     * Sends {@code signal} to {@code targets} with {@code kill -s}. The first target (the server
     * process) must receive it; the others are its descendants, which may exit on their own at any
     * moment (a backend whose client left), so failures for them are ignored.
     */
    private void signal(String signal, List<ProcessHandle> targets) {
        String kill = executable("/usr/bin/kill", "/bin/kill");
        ProcessHandle root = targets.get(0);
        if (root.isAlive()) {
            try {
                run(Duration.ofSeconds(5), List.of(kill, "-s", signal, Long.toString(root.pid())));
            } catch (IllegalStateException e) {
                if (root.isAlive()) {
                    throw e;
                }
            }
        }
        List<String> children = targets.stream().skip(1).filter(ProcessHandle::isAlive)
                .map(h -> Long.toString(h.pid())).collect(Collectors.toList());
        if (!children.isEmpty()) {
            List<String> command = new ArrayList<>(List.of(kill, "-s", signal));
            command.addAll(children);
            try {
                run(Duration.ofSeconds(5), command);
            } catch (IllegalStateException ignored) {
                // some child exited meanwhile
            }
        }
    }

    /** Waits until every handle has exited (a zombie left to an init that does not reap counts as exited). */
    private boolean waitFor(List<ProcessHandle> handles, Duration max) {
        Process own = process;
        try {
            // our own child must also be reaped, so that Process.isAlive() is false afterwards
            Await.until(max, "processes to exit",
                    () -> !own.isAlive() && handles.stream().allMatch(PrivateServer::gone));
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private static boolean gone(ProcessHandle h) {
        if (!h.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
            int end = stat.lastIndexOf(')');
            return end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | UncheckedIOException e) {
            return true; // no /proc entry: gone
        }
    }

    private void emergencyCleanup() {
        try {
            if (process != null) {
                List<ProcessHandle> tree = tree();
                tree.forEach(ProcessHandle::destroyForcibly);
                waitFor(tree, Duration.ofSeconds(2));
            }
            if (workDir != null) {
                afterLastExit(workDir);
                deleteRecursively(workDir);
            }
        } catch (RuntimeException ignored) {
            // JVM is exiting: best effort
        }
    }
}
