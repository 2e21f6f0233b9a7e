package io.saasagent.coordination;

import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsRecord;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The one DNS target every agent of a fleet points at: it keeps the record and counts every write, by writer. */
final class CountingDns implements DnsProvider {
    private final Map<String, DnsRecord> records = new ConcurrentHashMap<>();
    final List<String> writers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<String> caller = new ThreadLocal<>();

    CountingDns(DnsRecord initial) {
        records.put(initial.name() + "/" + initial.type(), initial);
    }

    /** The provider as one agent sees it: writes are counted under its name. */
    DnsProvider as(String agent) {
        CountingDns shared = this;
        return new DnsProvider() {
            @Override
            public String id() {
                return "counting";
            }

            @Override
            public Optional<DnsRecord> read(String name, String type) {
                return shared.read(name, type);
            }

            @Override
            public List<String> ownership(String name) {
                return List.of();
            }

            @Override
            public String write(DnsRecord record) {
                shared.caller.set(agent);
                try {
                    return shared.write(record);
                } finally {
                    shared.caller.remove();
                }
            }
        };
    }

    @Override
    public String id() {
        return "counting";
    }

    @Override
    public Optional<DnsRecord> read(String name, String type) {
        return Optional.ofNullable(records.get(DnsRecord.simple(name, type, "0.0.0.0", 0).name() + "/" + type));
    }

    @Override
    public List<String> ownership(String name) {
        return List.of();
    }

    @Override
    public synchronized String write(DnsRecord record) {
        records.put(record.name() + "/" + record.type(), record);
        writers.add(caller.get() == null ? "?" : caller.get());
        return "change-" + writers.size();
    }

    int writes() {
        return writers.size();
    }

    String answer(String name) {
        return read(name, "A").map(r -> String.join(",", r.values())).orElse(null);
    }
}
