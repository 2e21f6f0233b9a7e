package io.saasagent.dns;

import java.util.List;
import java.util.Objects;

/**
 * The zone's compare-and-set over several record sets: every {@code before} must be served exactly so
 * (values and TTL; {@code null}: the name and type must be absent), and then every set is replaced by its
 * {@code after}, all in one provider transaction or not at all. A region take-over moves the failover record
 * and the heartbeat with one of these, so a primary that missed it can never write over it.
 */
public record RecordSwap(List<Change> changes) {

    public RecordSwap {
        changes = List.copyOf(changes);
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a swap changes at least one record set");
        }
    }

    public static RecordSwap of(Change... changes) {
        return new RecordSwap(List.of(changes));
    }

    /** One record set: what it must be now (null: absent) and what it becomes (same name and type). */
    public record Change(DnsRecord before, DnsRecord after) {
        public Change {
            Objects.requireNonNull(after, "after");
            if (before != null && (!before.name().equalsIgnoreCase(after.name()) || !before.type().equalsIgnoreCase(after.type()))) {
                throw new IllegalArgumentException("a change keeps its name and type: " + before.name() + " " + before.type()
                        + " -> " + after.name() + " " + after.type());
            }
        }
    }
}
