package io.saasagent.failover;

import io.saasagent.dns.DnsException;
import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsRecord;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS provider in memory that counts every write; weights and failures on demand; an atomic compare-and-set
 * {@link #swap} over any record sets (TXT included) that throws CasLost when any before differs.
 */
final class MemoryDnsProvider implements DnsProvider {
    final Map<String, DnsRecord> records = new ConcurrentHashMap<>();
    final List<Integer> weightWrites = new CopyOnWriteArrayList<>();
    final AtomicInteger writes = new AtomicInteger();
    volatile boolean weights;
    volatile DnsException failNextWrite;
    /** Thrown out of the next write as it is: an Error, which no provider error handling catches. */
    volatile Error errorOnNextWrite;
    /** When set, a write waits for it (at most 20 s): a Route 53 change polled until INSYNC. */
    volatile java.util.concurrent.CountDownLatch blockWrites;
    final java.util.concurrent.atomic.AtomicInteger blockedWrites = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public Optional<DnsRecord> read(String name, String type) throws DnsException {
        DnsException fail = failReads;
        if (fail != null) {
            throw fail;
        }
        return Optional.ofNullable(records.get(name + "/" + type));
    }

    @Override
    public List<String> ownership(String name) {
        return List.of();
    }

    /** Every swap that landed, in order. */
    final List<io.saasagent.dns.RecordSwap> swaps = new CopyOnWriteArrayList<>();
    final AtomicInteger casLost = new AtomicInteger();
    /** Thrown out of every swap while set: a provider down, an API error. */
    volatile DnsException failSwaps;
    /** Thrown out of every read while set: the zone unreachable. */
    volatile DnsException failReads;

    /** Run (once, then cleared) inside the next swap before it compares: a writer that moved first. */
    volatile Runnable racingWriter;

    @Override
    public synchronized String swap(io.saasagent.dns.RecordSwap swap) throws DnsException {
        Runnable race = racingWriter;
        if (race != null) {
            racingWriter = null;
            race.run();
        }
        DnsException fail = failSwaps;
        if (fail != null) {
            throw fail;
        }
        for (io.saasagent.dns.RecordSwap.Change c : swap.changes()) {
            DnsRecord now = records.get(c.after().name() + "/" + c.after().type());
            if (!same(c.before(), now)) {
                casLost.incrementAndGet();
                throw new DnsException.CasLost(c.after().name() + " " + c.after().type() + " is " + (now == null ? "absent" : now.values())
                        + ", not " + (c.before() == null ? "absent" : c.before().values()));
            }
        }
        swap.changes().forEach(c -> records.put(c.after().name() + "/" + c.after().type(), c.after()));
        swaps.add(swap);
        return "swap-" + swaps.size();
    }

    private static boolean same(DnsRecord a, DnsRecord b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.ttl() == b.ttl() && a.values().stream().map(DnsRecord::unquoted).sorted().toList()
                .equals(b.values().stream().map(DnsRecord::unquoted).sorted().toList());
    }

    /** Puts a TXT value as another writer would (the other region's agents, a hand edit). */
    void txt(String name, String value) {
        records.put(name + "/TXT", DnsRecord.simple(name, "TXT", value, 60));
    }

    String txt(String name) {
        DnsRecord r = records.get(name + "/TXT");
        return r == null ? null : DnsRecord.unquoted(r.values().get(0));
    }

    @Override
    public String write(DnsRecord record) throws DnsException {
        java.util.concurrent.CountDownLatch block = blockWrites;
        if (block != null) {
            blockedWrites.incrementAndGet();
            try {
                block.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Error error = errorOnNextWrite;
        if (error != null) {
            errorOnNextWrite = null;
            throw error;
        }
        DnsException fail = failNextWrite;
        if (fail != null) {
            failNextWrite = null;
            throw fail;
        }
        records.put(record.name() + "/" + record.type(), record);
        return "change-" + writes.incrementAndGet();
    }

    @Override
    public boolean supportsWeights() {
        return weights;
    }

    @Override
    public String writeWeights(String name, String type, String primaryTarget, String drTarget, int primaryPercent, long ttl)
            throws DnsException {
        DnsException fail = failNextWrite;
        if (fail != null) {
            failNextWrite = null;
            throw fail;
        }
        weightWrites.add(primaryPercent);
        writes.incrementAndGet();
        return "weights-" + primaryPercent;
    }

    @Override
    public java.util.OptionalInt primaryPercent(String name, String type) {
        return !weights || weightWrites.isEmpty() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(weightWrites.get(weightWrites.size() - 1));
    }

    String answer(String name) {
        return Optional.ofNullable(records.get(name + "/A")).map(r -> String.join(",", r.values())).orElse(null);
    }
}
