package io.saasagent.coordination;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The record of a single agent ({@code agent.failover.state-file}): written to a temporary file beside
 * it and renamed over it, so a crash leaves the old record or the new one, never half of either. The
 * version is the content's checksum.
 */
public final class FileRecordStore implements RecordStore {
    private final Path file;

    public FileRecordStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public synchronized Optional<Stored> read() throws Unavailable {
        try {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            return Optional.of(new Stored(json, version(json)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new Unavailable("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized String write(String json, String expectedVersion) throws Conflict, Unavailable {
        String current = read().map(Stored::version).orElse(null);
        if (!Objects.equals(current, expectedVersion)) {
            throw new Conflict(file + " changed since it was read");
        }
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new Unavailable("cannot write " + file + ": " + e.getClass().getSimpleName());
        }
        return version(json);
    }

    /** Renamed (atomically) with a timestamp beside it, only if it is still the content that was read. */
    @Override
    public synchronized String keepAside(Stored unreadable, java.time.Instant at) throws Unavailable {
        Path aside = file.resolveSibling(file.getFileName() + RecordStore.asideSuffix(at));
        String current = read().map(Stored::version).orElse(null);
        if (!Objects.equals(current, unreadable.version())) {
            throw new Unavailable(file + " changed since it was read: not kept aside");
        }
        try {
            try {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(file, aside);
            }
        } catch (IOException e) {
            throw new Unavailable("cannot keep " + file + " aside: " + e.getClass().getSimpleName());
        }
        return aside.toString();
    }

    @Override
    public synchronized Optional<String> keptAside() throws Unavailable {
        String prefix = file.getFileName() + ".unreadable-";
        try (java.util.stream.Stream<Path> siblings = Files.list(file.getParent())) {
            return siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).map(Path::toString).sorted()
                    .reduce((a, b) -> b);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new Unavailable("cannot list " + file.getParent() + ": " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    private static String version(String json) {
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue()) + "-" + json.length();
    }
}
