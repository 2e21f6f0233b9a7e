package io.saasagent.config;

import io.saasagent.support.Redactor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One credential, given inline or as a file. A file is read again when it changes: Kubernetes
 * rotates a mounted Secret by swapping the {@code ..data} symlink, so the resolved target and its
 * modification time are compared on every read (a stat, no read, while nothing changed).
 * {@link #version()} grows with every change, so a probe knows to reconnect with the new value.
 */
public final class Secret {
    private final String inline;
    private final Path file;
    private final boolean sensitive;
    private Path readFrom;
    private FileTime readAt;
    private String value;
    private long version;

    private Secret(String inline, Path file, boolean sensitive) {
        this.inline = inline;
        this.file = file;
        this.sensitive = sensitive;
        if (inline != null && sensitive) {
            Redactor.register(inline);
        }
    }

    public static final Secret NONE = new Secret(null, null, false);

    /** A secret (password, key, token): every value it takes is registered with the {@link Redactor}. */
    public static Secret of(Optional<String> value, Optional<String> file) {
        return create(value, file, true);
    }

    /** A credential that is not itself a secret (a user name): never registered, so reasons stay readable. */
    public static Secret plain(Optional<String> value, Optional<String> file) {
        return create(value, file, false);
    }

    private static Secret create(Optional<String> value, Optional<String> file, boolean sensitive) {
        Optional<String> inline = value.filter(v -> !v.isEmpty());
        if (inline.isPresent()) {
            return new Secret(inline.get(), null, sensitive);
        }
        return file.map(f -> {
            Secret s = new Secret(null, Path.of(f), sensitive);
            s.value(); // read (and registered) at start, like an inline value
            return s;
        }).orElse(NONE);
    }

    /** This secret, or {@code fallback} when it has no source at all. */
    public Secret or(Secret fallback) {
        return present() ? this : fallback;
    }

    /** The current value; a file that changed is read again, one that cannot be read keeps the last value. */
    public synchronized Optional<String> value() {
        if (file != null) {
            refresh();
        }
        return Optional.ofNullable(inline != null ? inline : value);
    }

    /** Grows each time the value changes (0 until a file was first read). */
    public synchronized long version() {
        if (file != null) {
            refresh();
        }
        return version;
    }

    public boolean present() {
        return inline != null || file != null;
    }

    private void refresh() {
        try {
            Path target = file.toRealPath();
            FileTime modified = Files.getLastModifiedTime(target);
            if (target.equals(readFrom) && modified.equals(readAt)) {
                return;
            }
            String read = Files.readString(target, StandardCharsets.UTF_8).strip();
            readFrom = target;
            readAt = modified;
            if (!read.isEmpty() && !Objects.equals(read, value)) {
                if (sensitive) {
                    Redactor.register(read);
                }
                value = read;
                version++;
            }
        } catch (IOException e) {
            // Mid-swap or briefly missing: keep the last value; the validator checked the file at start.
        }
    }

    @Override
    public String toString() {
        return file != null ? "Secret[file " + file + "]" : inline != null ? "Secret[inline]" : "Secret[none]";
    }
}
