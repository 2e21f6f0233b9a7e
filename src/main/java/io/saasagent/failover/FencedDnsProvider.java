package io.saasagent.failover;

import io.saasagent.dns.DnsException;
import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsRecord;

import java.util.List;
import java.util.Optional;

/**
 * Asks the fence (this agent still holds the lease; for a failover, the quorum still holds) right
 * before every write, after the actuator's reads: a leader that lost the lease between the guards and
 * the write stops there. Reads pass straight through.
 */
final class FencedDnsProvider implements DnsProvider {

    /** Throws {@link Fenced} when this agent may not write now. */
    @FunctionalInterface
    interface Fence {
        void check() throws Fenced;
    }

    /** The fence refused: {@code refusal} says which guard (lease or quorum) and why. */
    static final class Fenced extends DnsException {
        final Refusal refusal;

        Fenced(Refusal refusal) {
            super("fenced: " + refusal.message(), true);
            this.refusal = refusal;
        }
    }

    private final DnsProvider delegate;
    private final Fence fence;

    FencedDnsProvider(DnsProvider delegate, Fence fence) {
        this.delegate = delegate;
        this.fence = fence;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public Optional<DnsRecord> read(String name, String type) throws DnsException {
        return delegate.read(name, type);
    }

    @Override
    public List<String> ownership(String name) throws DnsException {
        return delegate.ownership(name);
    }

    @Override
    public String write(DnsRecord record) throws DnsException {
        fence.check();
        return delegate.write(record);
    }

    @Override
    public boolean supportsWeights() {
        return delegate.supportsWeights();
    }

    @Override
    public String writeWeights(String name, String type, String primaryTarget, String drTarget, int primaryPercent, long ttl)
            throws DnsException {
        fence.check();
        return delegate.writeWeights(name, type, primaryTarget, drTarget, primaryPercent, ttl);
    }
}
