package io.saasagent.dns;

import io.saasagent.config.FailoverConfig;
import io.saasagent.support.Lazy;
import io.saasagent.support.Retrier;
import io.saasagent.support.RetryPolicy;
import io.saasagent.support.Sleeper;
import io.saasagent.dns.Route53Xml.Change;
import io.saasagent.dns.Route53Xml.ChangeInfo;
import io.saasagent.dns.Route53Xml.RecordSet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Route 53 through {@link Route53Http} (SigV4-signed REST over java.net.http, no AWS SDK: issue 17): ListResourceRecordSets to read,
 * ChangeResourceRecordSets UPSERT (an A record, or an alias record when alias-hosted-zone-id is set)
 * to write ({@link #swap}: one batch of exact DELETEs and CREATEs, {@link Route53Swap}), then GetChange of that change id until INSYNC (an accepted change is never submitted again: past
 * insync-timeout it is {@link DnsException.Accepted}). Busy answers (Throttling, PriorRequestNotComplete) of reads are
 * retried here; a change is one attempt, retried by {@link DnsActuator} with the fence before each (the
 * client retries nothing itself, so attempts are counted in one place).
 *
 * <p>With both set identifiers configured the record is a pair of weighted record sets (primary, DR):
 * {@link #read} answers what clients get (the sets with a non-zero weight) and {@link #write} to the
 * primary or DR target moves all weight to that side, so {@link DnsActuator} works unchanged.
 */
public final class Route53Provider implements DnsProvider {
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\(\\d{3})");
    private static final String MAX_ITEMS = "300";

    /** What the provider needs from agent.failover.* and agent.failover.route53.*. */
    public record Settings(String hostedZoneId, String aliasHostedZoneId, boolean evaluateTargetHealth,
                           String primarySetIdentifier, String drSetIdentifier, String primaryTarget, String drTarget,
                           long ttl, Duration insyncTimeout, Duration insyncPollInterval) {

        public static Settings from(FailoverConfig f) {
            FailoverConfig.Route53 r = f.route53();
            return new Settings(
                    r.hostedZoneId().map(Route53Provider::bareZoneId).orElseThrow(() ->
                            new IllegalArgumentException("agent.failover.route53.hosted-zone-id is required")),
                    r.aliasHostedZoneId().map(Route53Provider::bareZoneId).orElse(null), r.evaluateTargetHealth(),
                    r.primarySetIdentifier().orElse(null), r.drSetIdentifier().orElse(null),
                    f.primaryTarget().orElse(null), f.drTarget().orElse(null), f.ttl(),
                    r.insyncTimeout(), r.insyncPollInterval());
        }

        boolean weighted() {
            return primarySetIdentifier != null && drSetIdentifier != null;
        }
    }

    /** Built at the first call, never at start-up (support.Lazy). */
    private final Lazy<Route53Http> client;
    private final Settings settings;
    private final Retrier retrier;
    private final Clock clock;
    private final Sleeper sleeper;

    public Route53Provider(Lazy<Route53Http> client, Settings settings, Retrier retrier, Clock clock, Sleeper sleeper) {
        this.client = client;
        this.settings = settings;
        this.retrier = retrier;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public String id() {
        return "route53";
    }

    @Override
    public Optional<DnsRecord> read(String name, String type) throws DnsException {
        List<RecordSet> sets = sets(name, type);
        if (sets.isEmpty()) {
            return Optional.empty();
        }
        // Several sets (weighted): a client gets the values of those with a non-zero weight.
        List<RecordSet> answering = sets.stream().filter(s -> s.weight() == null || s.weight() > 0).toList();
        List<RecordSet> shown = answering.isEmpty() ? sets : answering;
        List<String> values = shown.stream().flatMap(s -> values(s).stream()).distinct().toList();
        RecordSet first = shown.get(0);
        boolean single = sets.size() == 1;
        return Optional.of(new DnsRecord(name, type, values, ttl(first),
                single && first.weight() != null ? first.weight().intValue() : null, single ? first.setIdentifier() : null));
    }

    @Override
    public java.util.OptionalInt primaryPercent(String name, String type) throws DnsException {
        if (!settings.weighted()) {
            return java.util.OptionalInt.empty();
        }
        long primary = 0;
        long total = 0;
        for (RecordSet s : sets(name, type)) {
            long w = s.weight() == null ? 0 : s.weight();
            total += w;
            primary += settings.primarySetIdentifier().equals(s.setIdentifier()) ? w : 0;
        }
        return total == 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of((int) Math.round(primary * 100.0 / total));
    }

    @Override
    public List<String> ownership(String name) throws DnsException {
        return sets(name, "TXT").stream().flatMap(s -> s.values().stream())
                .map(DnsRecord::unquoted).toList();
    }

    @Override
    public String write(DnsRecord record) throws DnsException {
        if (settings.weighted()) {
            return writeAllWeightTo(record);
        }
        return submit(List.of(upsert(set(record.name(), record.type(), record.values(), record.ttl(), null, null))),
                "saas-agent failover: " + record.name() + " -> " + String.join(",", record.values()));
    }

    /** One change batch of exact DELETEs and CREATEs ({@link Route53Swap}), then the INSYNC wait of {@link #write}. */
    @Override
    public String swap(RecordSwap swap) throws DnsException {
        return submit(new Route53Swap(settings, this::sets).batch(swap), Route53Swap.comment(swap));
    }

    @Override
    public boolean supportsWeights() {
        return settings.weighted();
    }

    @Override
    public String writeWeights(String name, String type, String primaryTarget, String drTarget, int primaryPercent, long ttl)
            throws DnsException {
        if (!settings.weighted()) {
            throw new DnsException("route53: weighted records need agent.failover.route53.primary-set-identifier and dr-set-identifier", false);
        }
        if (primaryPercent < 0 || primaryPercent > 100) {
            throw new DnsException("route53: primary weight " + primaryPercent + " is not a percentage", false);
        }
        List<Change> changes = new ArrayList<>();
        // A plain record at the name conflicts with weighted ones: replace it in the same (atomic) batch.
        sets(name, type).stream().filter(s -> s.setIdentifier() == null)
                .forEach(plain -> changes.add(new Change("DELETE", plain)));
        changes.add(upsert(set(name, type, List.of(primaryTarget), ttl, settings.primarySetIdentifier(), (long) primaryPercent)));
        changes.add(upsert(set(name, type, List.of(drTarget), ttl, settings.drSetIdentifier(), (long) (100 - primaryPercent))));
        return submit(changes, "saas-agent failback: " + name + " " + primaryPercent + "% primary");
    }

    /** Nothing to release: java.net.http's client holds no thread or connection the JVM needs back (Java 17 has no close). */
    @Override
    public void close() {
    }

    /** The API client, built at its first call; shared with the region witness (which never closes it). */
    Lazy<Route53Http> client() {
        return client;
    }

    /** Retries made so far (Throttling, PriorRequestNotComplete, 5xx, connection failures). */
    public long retries() {
        return retrier.retries();
    }

    /** In weighted mode a plain write is "everything to this side": 100/0 or 0/100. */
    private String writeAllWeightTo(DnsRecord record) throws DnsException {
        String target = record.values().size() == 1 ? DnsRecord.absolute(record.values().get(0)).toLowerCase() : null;
        if (target != null && target.equals(Route53Swap.normal(settings.primaryTarget()))) {
            return writeWeights(record.name(), record.type(), settings.primaryTarget(), settings.drTarget(), 100, record.ttl());
        }
        if (target != null && target.equals(Route53Swap.normal(settings.drTarget()))) {
            return writeWeights(record.name(), record.type(), settings.primaryTarget(), settings.drTarget(), 0, record.ttl());
        }
        throw new DnsException("route53: a weighted record can only point to primary-target or dr-target, not "
                + String.join(",", record.values()), false);
    }

    /**
     * Route 53 answers an ELB alias as "dualstack." + the name, lower-cased, whatever was written: an alias
     * naming the primary or DR target is reported as that target, so a repeated failover compares equal.
     */
    private String asConfigured(String aliasName) {
        String seen = Route53Swap.withoutDualstack(Route53Swap.normal(aliasName));
        for (String target : new String[]{settings.primaryTarget(), settings.drTarget()}) {
            if (target != null && seen.equals(Route53Swap.withoutDualstack(Route53Swap.normal(target)))) {
                return target;
            }
        }
        return Route53Swap.normal(aliasName);
    }

    private RecordSet set(String name, String type, List<String> values, long ttl, String setIdentifier, Long weight) {
        return Route53Swap.set(settings, settings.aliasHostedZoneId() != null, name, type, values, ttl, setIdentifier, weight);
    }

    private static Change upsert(RecordSet set) {
        return new Change("UPSERT", set);
    }

    /** Submits one atomic change batch and waits until Route 53 reports it INSYNC. */
    private String submit(List<Change> changes, String comment) throws DnsException {
        // One attempt: DnsActuator retries busy answers with the fence asked before each.
        ChangeInfo info = once(() -> client.get().changeRecordSets(settings.hostedZoneId(), comment, changes));
        return waitInsync(info);
    }

    private String waitInsync(ChangeInfo submitted) throws DnsException {
        String id = submitted.id();
        Instant deadline = clock.instant().plus(settings.insyncTimeout());
        String status = submitted.status();
        while (!"INSYNC".equals(status)) {
            if (!clock.instant().isBefore(deadline)) {
                throw new DnsException.Accepted("route53: change " + id + " was accepted but is still " + status + " after "
                        + settings.insyncTimeout().toSeconds() + " s (agent.failover.route53.insync-timeout)", id);
            }
            try {
                sleeper.sleep(settings.insyncPollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DnsException("route53: interrupted while waiting for change " + id + " to turn INSYNC", true);
            }
            status = polled(id);
        }
        return id;
    }

    /** One GetChange of the accepted change; a poll that fails is an unknown status, never a resubmit. */
    private String polled(String id) throws DnsException {
        try {
            return retried(() -> client.get().getChange(id)).status();
        } catch (DnsException e) {
            throw new DnsException.Accepted("route53: change " + id + " was accepted; its status cannot be read: " + e.getMessage(), id);
        }
    }

    /** The record sets of exactly that name and type (Route 53 lists from there onwards, in order). */
    private List<RecordSet> sets(String name, String type) throws DnsException {
        String wanted = DnsRecord.absolute(name).toLowerCase();
        return retried(() -> client.get().listRecordSets(settings.hostedZoneId(), wanted, type, MAX_ITEMS))
                .stream()
                .filter(s -> s.name() != null && decodeName(s.name()).equalsIgnoreCase(wanted) && type.equalsIgnoreCase(s.type()))
                .toList();
    }

    private List<String> values(RecordSet set) {
        if (set.alias() != null) {
            return List.of(asConfigured(set.alias().dnsName()));
        }
        return set.values();
    }

    /** An alias record has no TTL: report the configured one, so it compares by target alone. */
    private long ttl(RecordSet set) {
        return set.alias() != null || set.ttl() == null ? settings.ttl() : set.ttl();
    }

    private <T> T once(Route53Errors.Call<T> call) throws DnsException {
        try {
            return Route53Errors.classified(call, settings.hostedZoneId());
        } catch (Retrier.Again busy) {
            throw new DnsException(busy.getMessage(), true, busy.after());
        }
    }

    @Override
    public RetryPolicy writePolicy() {
        return retrier.policy();
    }

    private <T> T retried(Route53Errors.Call<T> call) throws DnsException {
        return retrier.call(() -> Route53Errors.classified(call, settings.hostedZoneId()), reason -> new DnsException(reason, true));
    }

    static String bareZoneId(String id) {
        String s = id.strip();
        return s.startsWith("/hostedzone/") ? s.substring("/hostedzone/".length()) : s;
    }

    /** Route 53 answers names in octal escapes (\052 for *). */
    static String decodeName(String name) {
        Matcher m = OCTAL_ESCAPE.matcher(name);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 8))));
        }
        m.appendTail(out);
        return DnsRecord.absolute(out.toString());
    }
}
