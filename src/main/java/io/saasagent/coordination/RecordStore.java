package io.saasagent.coordination;

import java.util.Optional;

/**
 * Where the fleet's failover record lives: one small JSON document with a version, written only with
 * the version last read (a compare-and-set), so two writers never overwrite each other unseen.
 * Kubernetes: a ConfigMap beside the Lease; a single agent: a file, or memory when none is configured.
 */
public interface RecordStore {

    /** The document and the version to write against. */
    record Stored(String json, String version) {
    }

    /** The write lost a race: someone wrote since the version given. Read again, merge, retry. */
    final class Conflict extends Exception {
        public Conflict(String message) {
            super(message, null, false, false);
        }
    }

    /** The store cannot be reached or read; the message is safe to show. */
    final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** Empty when no record was ever written. */
    Optional<Stored> read() throws Unavailable;

    /**
     * Writes {@code json} if the stored version is still {@code expectedVersion} (null: only if absent).
     *
     * @return the new version
     */
    String write(String json, String expectedVersion) throws Conflict, Unavailable;

    /**
     * Keeps a record that cannot be parsed aside, byte for byte, where an operator finds it (a file renamed
     * with a timestamp; a ConfigMap key copied beside the record's): never written over. Returns where.
     */
    default String keepAside(Stored unreadable, java.time.Instant at) throws Unavailable {
        throw new Unavailable(describe() + " cannot keep a record aside");
    }

    /**
     * Where a record kept aside still lies while there is no record: the store stays closed to writes until
     * an operator removes it (or puts a readable record back). Empty when none.
     */
    default Optional<String> keptAside() throws Unavailable {
        return Optional.empty();
    }

    /** The suffix of a kept-aside copy, e.g. {@code .unreadable-20261201T234512Z}. */
    static String asideSuffix(java.time.Instant at) {
        return ".unreadable-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(at);
    }

    /** Whether other agents read this record (Kubernetes), so that sharing through it reaches them. */
    default boolean shared() {
        return false;
    }

    /** For /failover and logs: "configmap ns/name", "file /path", "memory". */
    String describe();

    /** A record that lives as long as the process (a single agent without a state file; tests). */
    static RecordStore memory() {
        return new MemoryRecordStore();
    }
}
