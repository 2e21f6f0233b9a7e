package io.saasagent.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the operators' own tools (promtool, kubectl) from the tests, bounded, output captured. */
final class Commands {
    private Commands() {
    }

    record Result(int exit, String output) {
        Result assertOk(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " exited " + exit + ":\n" + output);
            }
            return this;
        }
    }

    /** Fails (never skips) when a tool the suite needs is missing, naming the Debian package. */
    static String require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(tool + " is not installed: run scripts/install-test-deps.sh (Debian package "
                + debianPackage + ")");
    }

    static Result run(Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("packaging-cmd", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                            + Files.readString(out, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    static String promtool() {
        return require("promtool", "prometheus");
    }

    static String kubectl() {
        return require("kubectl", "kubernetes-client");
    }

    /** {@code kubectl kustomize <dir>}: the manifests an operator would apply. */
    static String kustomize(Path dir) {
        return run(Duration.ofSeconds(60), List.of(kubectl(), "kustomize", dir.toString()))
                .assertOk("kubectl kustomize " + dir).output();
    }
}
