package io.saasagent.config;

import io.saasagent.support.Redactor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves a credential given either inline (from an env var, never a committed file) or as a file
 * (a mounted Kubernetes Secret). Every value resolved is registered with the {@link Redactor}
 * so it can never reach an answer, a label or a log.
 */
public final class Secrets {
    private Secrets() {
    }

    /** The secret, from the value or else the file (trailing newline trimmed). */
    public static Optional<String> resolve(Optional<String> value, Optional<String> file) {
        Optional<String> secret = read(value, file);
        secret.ifPresent(Redactor::register);
        return secret;
    }

    /**
     * A credential that is not itself a secret (a user name), from the value or else the file.
     * Not registered with the Redactor: "postgres" masked in every reason would hide the reason.
     */
    public static Optional<String> read(Optional<String> value, Optional<String> file) {
        return value.filter(v -> !v.isEmpty()).or(() -> file.map(Secrets::readFile));
    }

    /** Null when the file is fine, else what is wrong, for the validator. */
    public static String problemWithFile(String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            return "file " + file + " does not exist";
        }
        if (!Files.isReadable(path)) {
            return "file " + file + " is not readable";
        }
        try {
            if (Files.readString(path, StandardCharsets.UTF_8).isBlank()) {
                return "file " + file + " is empty";
            }
        } catch (IOException e) {
            return "file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")";
        }
        return null;
    }

    private static String readFile(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read secret file " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
