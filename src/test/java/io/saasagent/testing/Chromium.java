package io.saasagent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's headless {@code chromium}, without any driver: one run gives the DOM after the page's scripts ran
 * ({@code --dump-dom}) and a PNG of the viewport ({@code --screenshot}); the browser's console (CSP violations
 * among it) is kept from its log. Each call gets a fresh profile and is bounded in time. No chromium on the machine is
 * a failure that says how to install it (scripts/install-test-deps.sh), never a skipped test.
 */
public final class Chromium {
    private static final long TIMEOUT_SECONDS = 45;
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--hide-scrollbars", "--enable-logging=stderr", "--v=0");

    /** What one run printed: the DOM (or nothing for a screenshot) and the browser's own log. */
    public record Run(String stdout, String log) {
        /** The console messages about the Content-Security-Policy (a blocked style, script or load). */
        public List<String> cspViolations() {
            return log.lines().filter(l -> l.contains("CONSOLE") && l.contains("Content Security Policy")).toList();
        }
    }

    private Chromium() {
    }

    /** The chromium executable; an AssertionError naming the install step when there is none. */
    public static Path executable() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new AssertionError("chromium is not installed: the /status browser test needs Debian's chromium package "
                + "(run scripts/install-test-deps.sh as root, or apt-get install chromium)");
    }

    /** One load of {@code url}: the DOM after its scripts ran (stdout) and a PNG of the viewport written to {@code png}. */
    public static Run render(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        Run run = run(List.of("--window-size=" + width + "," + height, "--dump-dom", "--screenshot=" + png.toAbsolutePath(), url));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new AssertionError("chromium wrote no screenshot " + png + ":\n" + run.log());
        }
        return run;
    }

    private static Run run(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        Path out = Files.createTempFile("chromium", ".out");
        Path err = Files.createTempFile("chromium", ".err");
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + args + "\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
