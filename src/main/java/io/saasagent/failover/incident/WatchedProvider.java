package io.saasagent.failover.incident;

import io.saasagent.dns.DnsException;
import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsRecord;
import io.saasagent.support.RetryPolicy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The engine's DNS provider, telling its {@link StepGuard} while a call is under way: a step waiting on a DNS write
 * (a Route 53 change polled until INSYNC takes a minute or more) is working, not stalled, so liveness does not
 * restart the pod in the middle of a failover. Each provider call is bounded by its own timeouts.
 */
public final class WatchedProvider implements DnsProvider {
    private final DnsProvider provider;
    private final StepGuard steps;

    public WatchedProvider(DnsProvider provider, StepGuard steps) {
        this.provider = provider;
        this.steps = steps;
    }

    private interface Call<T> {
        T call() throws DnsException;
    }

    private <T> T timed(Call<T> call) throws DnsException {
        steps.dnsCallStarted();
        try {
            return call.call();
        } finally {
            steps.dnsCallEnded();
        }
    }

    @Override
    public String id() {
        return provider.id();
    }

    @Override
    public Optional<DnsRecord> read(String name, String type) throws DnsException {
        return timed(() -> provider.read(name, type));
    }

    @Override
    public List<String> ownership(String name) throws DnsException {
        return timed(() -> provider.ownership(name));
    }

    @Override
    public String write(DnsRecord record) throws DnsException {
        return timed(() -> provider.write(record));
    }

    @Override
    public String swap(io.saasagent.dns.RecordSwap swap) throws DnsException {
        return timed(() -> provider.swap(swap));
    }

    @Override
    public boolean supportsWeights() {
        return provider.supportsWeights();
    }

    @Override
    public String writeWeights(String name, String type, String primaryTarget, String drTarget, int primaryPercent, long ttl)
            throws DnsException {
        return timed(() -> provider.writeWeights(name, type, primaryTarget, drTarget, primaryPercent, ttl));
    }

    @Override
    public OptionalInt primaryPercent(String name, String type) throws DnsException {
        return timed(() -> provider.primaryPercent(name, type));
    }

    @Override
    public RetryPolicy writePolicy() {
        return provider.writePolicy();
    }

    @Override
    public void close() {
        provider.close();
    }
}
