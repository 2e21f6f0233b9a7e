package io.saasagent.dns;

import io.saasagent.support.Retrier;
import io.saasagent.support.RetryPolicy;
import io.saasagent.support.Sleeper;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The write discipline every provider shares: read the record first and write only when it
 * differs (so a repeated or resumed failover never writes twice), refuse a record another writer
 * owns unless forced, warn when the TTL makes failover slow, and read the record back to verify.
 * Every submit is one provider attempt: the {@link DnsFence} is asked before each, and a busy answer
 * is retried here with the one {@link Retrier} (providers never retry their writes themselves). A change the
 * provider accepted ({@link DnsException.Accepted}) is never submitted again.
 */
public final class DnsActuator {
    private static final Logger LOG = Logger.getLogger(DnsActuator.class);
    /** The runbook's recommended TTL: more than this slows every failover. */
    public static final long MAX_RECOMMENDED_TTL = 60;

    private final DnsProvider provider;
    private final String owner;
    private final boolean forceOwnership;
    private final DnsFence fence;
    private final Retrier retrier;

    /** Unfenced, with the provider's write policy and real pauses (tools, provider tests). */
    public DnsActuator(DnsProvider provider, String owner, boolean forceOwnership) {
        this(provider, owner, forceOwnership, DnsFence.NONE, new Retrier(provider.writePolicy(), Sleeper.REAL));
    }

    /**
     * @param owner the external-dns owner id this agent accepts as its own (null: none)
     * @param fence asked before every submit attempt
     */
    public DnsActuator(DnsProvider provider, String owner, boolean forceOwnership, DnsFence fence, Retrier retrier) {
        this.provider = provider;
        this.owner = owner;
        this.forceOwnership = forceOwnership;
        this.fence = fence;
        this.retrier = retrier;
    }

    public DnsProvider provider() {
        return provider;
    }

    public DnsChange pointTo(String name, String type, String target, long ttl) throws DnsException {
        List<String> warnings = new ArrayList<>();
        if (ttl > MAX_RECOMMENDED_TTL) {
            warnings.add("TTL " + ttl + " s is over " + MAX_RECOMMENDED_TTL + " s: resolvers keep the old answer that long");
        }
        DnsRecord desired = DnsRecord.simple(name, type, target, ttl);
        Optional<DnsRecord> before = provider.read(name, type);
        before.filter(b -> b.ttl() > MAX_RECOMMENDED_TTL)
                .ifPresent(b -> warnings.add("current TTL " + b.ttl() + " s is over " + MAX_RECOMMENDED_TTL + " s"));
        if (before.isPresent() && before.get().sameAnswer(desired)) {
            return new DnsChange(DnsChange.Outcome.UNCHANGED, before.get(), before.get(), null, true, warnings);
        }
        Optional<String> foreignOwner = foreignOwner(name);
        if (foreignOwner.isPresent()) {
            if (!forceOwnership) {
                return new DnsChange(DnsChange.Outcome.REFUSED_OWNERSHIP, before.orElse(null), null, null, false,
                        List.of("owned by another writer: " + foreignOwner.get()));
            }
            warnings.add("writing over another writer's record (force-ownership): " + foreignOwner.get());
        }
        warnings.forEach(w -> LOG.warnf("%s %s: %s", provider.id(), name, w));
        String changeId;
        try {
            changeId = submit(() -> provider.write(desired));
        } catch (DnsException.Accepted pending) {
            // Submitted once and accepted: written, to be verified by reading it back, never submitted again.
            changeId = pending.changeId();
            warnings.add(pending.getMessage());
            LOG.warnf("%s %s: %s", provider.id(), name, pending.getMessage());
        }
        Optional<DnsRecord> after = provider.read(name, type);
        boolean verified = after.isPresent() && after.get().sameAnswer(desired);
        return new DnsChange(DnsChange.Outcome.WRITTEN, before.orElse(null), after.orElse(null), changeId, verified, warnings);
    }

    /** One fenced, retried write without the read-first discipline (the record is known to differ). */
    public String submit(DnsRecord record) throws DnsException {
        return accepted(() -> provider.write(record));
    }

    /** Weighted split (failback steps, and its abort back to 0 %): fenced and retried like any write. */
    public String weights(String name, String type, String primaryTarget, String drTarget, int primaryPercent, long ttl)
            throws DnsException {
        return accepted(() -> provider.writeWeights(name, type, primaryTarget, drTarget, primaryPercent, ttl));
    }

    /** A change accepted but not yet applied within the provider's wait counts as written: its id, never a resubmit. */
    private String accepted(Submit call) throws DnsException {
        try {
            return submit(call);
        } catch (DnsException.Accepted pending) {
            LOG.warnf("%s: %s", provider.id(), pending.getMessage());
            return pending.changeId();
        }
    }

    /** Retries made so far (attempts beyond the first of each submit). */
    public long retries() {
        return retrier.retries();
    }

    @FunctionalInterface
    private interface Submit {
        String run() throws DnsException;
    }

    private String submit(Submit call) throws DnsException {
        return retrier.call(() -> {
            fence.check();
            try {
                return call.run();
            } catch (DnsFence.Fenced f) {
                throw f;
            } catch (DnsException e) {
                if (!e.retryable()) {
                    throw e;
                }
                throw new Retrier.Again(e.getMessage(), e.retryAfter());
            }
        }, reason -> new DnsException(reason, true));
    }

    private Optional<String> foreignOwner(String name) throws DnsException {
        return provider.ownership(name).stream()
                .filter(txt -> txt.contains("heritage=external-dns"))
                .filter(txt -> owner == null || !txt.contains("external-dns/owner=" + owner))
                .findFirst();
    }
}
