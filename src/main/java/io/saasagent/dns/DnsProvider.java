package io.saasagent.dns;

import io.saasagent.support.RetryPolicy;

import java.util.List;
import java.util.Optional;

/**
 * The few primitives a DNS provider offers; one small class per provider (rfc2136, route53,
 * cloudflare). The write discipline shared by all (read first, ownership, TTL, verify) lives
 * in {@link DnsActuator}, not here.
 */
public interface DnsProvider extends AutoCloseable {

    /** rfc2136, route53, cloudflare. */
    String id();

    /** The record set of that name and type as the provider serves it now; empty when absent. */
    Optional<DnsRecord> read(String name, String type) throws DnsException;

    /**
     * The TXT values external-dns keeps to claim a name ({@code "heritage=external-dns,external-dns/owner=..."}),
     * empty when no one claims it.
     */
    List<String> ownership(String name) throws DnsException;

    /**
     * Writes (upserts) the record set and returns once the provider has applied it; returns a change id.
     * One attempt: a busy answer is a retryable {@link DnsException}, retried by {@link DnsActuator}.
     */
    String write(DnsRecord record) throws DnsException;

    /**
     * The zone's compare-and-set ({@link RecordSwap}): applied whole in one provider transaction and returns a
     * change id, or throws {@link DnsException.CasLost} when any record set is not as expected (nothing applied;
     * re-read and stand down). One attempt: a busy answer is a retryable {@link DnsException}.
     */
    default String swap(RecordSwap swap) throws DnsException {
        throw new DnsException(id() + " has no compare-and-set", false);
    }

    /** Whether weighted records (gradual failback) are supported. */
    default boolean supportsWeights() {
        return false;
    }

    /**
     * Splits traffic: {@code primaryPercent} to the primary target, the rest to the DR target.
     * Only where {@link #supportsWeights()}.
     */
    default String writeWeights(String name, String type, String primaryTarget, String drTarget, int primaryPercent, long ttl)
            throws DnsException {
        throw new DnsException(id() + " has no weighted records", false);
    }

    /**
     * The primary's share of a weighted split as the provider holds it now (0..100); empty where there are
     * no weights or no split. A new holder adopts a failback in progress from it.
     */
    default java.util.OptionalInt primaryPercent(String name, String type) throws DnsException {
        return java.util.OptionalInt.empty();
    }

    /** The one retry policy of this provider's submits (see {@link DnsActuator}). */
    default RetryPolicy writePolicy() {
        return RetryPolicy.dnsApi(3);
    }

    @Override
    default void close() {
    }
}
