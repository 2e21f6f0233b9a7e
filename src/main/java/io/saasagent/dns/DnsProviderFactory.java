package io.saasagent.dns;

import io.saasagent.config.FailoverConfig;

/**
 * Each provider registers itself as a CDI bean implementing this; the failover engine picks the one
 * whose {@link #id()} equals {@code agent.failover.provider}. No central switch to edit per provider.
 */
public interface DnsProviderFactory {

    /** rfc2136, route53, cloudflare: the value of agent.failover.provider. */
    String id();

    /** Builds the provider from the failover configuration (secrets resolved through {@code Secrets}). */
    DnsProvider create(FailoverConfig config);
}
