package io.saasagent.dns;

import io.saasagent.dns.Route53Xml.AliasTarget;
import io.saasagent.dns.Route53Xml.Change;
import io.saasagent.dns.Route53Xml.RecordSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@link RecordSwap} as one Route 53 change batch, which Route 53 applies whole or not at all: per change an exact
 * DELETE of {@code before} and a CREATE of {@code after} ({@code before} null: CREATE only, which fails when the set
 * exists). A DELETE must match the set Route 53 holds (values and TTL, or alias target), else the batch is
 * InvalidChangeBatch, read as {@link DnsException.CasLost} by {@link Route53Errors}.
 *
 * <p>A plain set's DELETE is built from {@code before} alone: the compare is Route 53's own, in the batch. An alias
 * set is compared here first (Route 53 answers an ELB alias lower-cased and with "dualstack.", whatever was written,
 * so {@code before} cannot be rebuilt exactly) and then deleted exactly as listed: a change between that listing and
 * the batch still makes the DELETE fail, so the compare stays atomic.
 */
final class Route53Swap {
    private static final Set<String> ALIAS_TYPES = Set.of("A", "AAAA");

    /** The record sets of exactly that name and type, as Route 53 lists them. */
    @FunctionalInterface
    interface Listing {
        List<RecordSet> sets(String name, String type) throws DnsException;
    }

    private final Route53Provider.Settings settings;
    private final Listing listing;

    Route53Swap(Route53Provider.Settings settings, Listing listing) {
        this.settings = settings;
        this.listing = listing;
    }

    List<Change> batch(RecordSwap swap) throws DnsException {
        List<Change> changes = new ArrayList<>();
        for (RecordSwap.Change change : swap.changes()) {
            DnsRecord after = change.after();
            boolean alias = aliased(after.type());
            if (settings.weighted() && !"TXT".equalsIgnoreCase(after.type())) {
                throw new DnsException("route53: compare-and-set of weighted records is not supported (" + after.name() + " "
                        + after.type() + "): a region take-over needs a plain or alias record", false);
            }
            if (change.before() != null) {
                RecordSet current = alias ? listed(change.before())
                        : set(settings, false, change.before().name(), change.before().type(), change.before().values(),
                        change.before().ttl(), null, null);
                changes.add(new Change("DELETE", current));
            }
            RecordSet created = set(settings, alias, after.name(), after.type(), after.values(), after.ttl(), null, null);
            changes.add(new Change("CREATE", created));
        }
        return changes;
    }

    static String comment(RecordSwap swap) {
        return "saas-agent swap: " + String.join(", ", swap.changes().stream()
                .map(c -> c.after().name() + " " + c.after().type() + " -> " + String.join(",", c.after().values())).toList());
    }

    private boolean aliased(String type) {
        return settings.aliasHostedZoneId() != null && ALIAS_TYPES.contains(type.toUpperCase());
    }

    /** The set Route 53 holds, when it is {@code before}; a set that differs loses here, without a batch. */
    private RecordSet listed(DnsRecord before) throws DnsException {
        List<RecordSet> sets = listing.sets(before.name(), before.type()).stream().filter(s -> s.setIdentifier() == null).toList();
        if (sets.size() != 1) {
            throw new DnsException.CasLost("route53: " + before.name() + " " + before.type() + " is absent, expected "
                    + String.join(",", before.values()));
        }
        RecordSet set = sets.get(0);
        List<String> values = set.alias() != null ? List.of(withoutDualstack(normal(set.alias().dnsName())))
                : set.values().stream().map(Route53Swap::normal).toList();
        List<String> expected = before.values().stream().map(v -> set.alias() != null ? withoutDualstack(normal(v)) : normal(v)).toList();
        if (!values.stream().sorted().toList().equals(expected.stream().sorted().toList())) {
            throw new DnsException.CasLost("route53: " + before.name() + " " + before.type() + " is " + String.join(",", values)
                    + ", expected " + String.join(",", before.values()));
        }
        // Exactly as listed, nothing more (a listed alias set has no records, and a DELETE must not carry any).
        return set.alias() != null ? new RecordSet(set.name(), set.type(), null, null, null, List.of(), set.alias())
                : new RecordSet(set.name(), set.type(), null, null, set.ttl(), set.values(), null);
    }

    /**
     * A record set to send. {@code alias}: an alias record, which has no TTL or values of its own (Route 53 answers
     * with the target's). TXT values go in quotes, as Route 53 takes them.
     */
    static RecordSet set(Route53Provider.Settings settings, boolean alias, String name, String type, List<String> values,
                         long ttl, String setIdentifier, Long weight) {
        if (alias) {
            return new RecordSet(DnsRecord.absolute(name), type, setIdentifier, weight, null, List.of(), new AliasTarget(
                    settings.aliasHostedZoneId(), DnsRecord.absolute(values.get(0)), settings.evaluateTargetHealth()));
        }
        boolean txt = "TXT".equalsIgnoreCase(type);
        return new RecordSet(DnsRecord.absolute(name), type, setIdentifier, weight, ttl,
                values.stream().map(v -> txt ? DnsRecord.quoted(v) : v).toList(), null);
    }

    static String normal(String target) {
        return target == null ? null : DnsRecord.absolute(target).toLowerCase();
    }

    static String withoutDualstack(String name) {
        return name.startsWith("dualstack.") ? name.substring("dualstack.".length()) : name;
    }
}
