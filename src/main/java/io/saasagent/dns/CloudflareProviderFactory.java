package io.saasagent.dns;

import io.quarkus.arc.Unremovable;
import io.saasagent.config.FailoverConfig;
import io.saasagent.support.Sleeper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;

/** agent.failover.provider=cloudflare. */
@ApplicationScoped
@Unremovable
public class CloudflareProviderFactory implements DnsProviderFactory {
    @Inject
    Clock clock;

    @Override
    public String id() {
        return "cloudflare";
    }

    @Override
    public DnsProvider create(FailoverConfig config) {
        return CloudflareProvider.create(config, clock, Sleeper.REAL);
    }
}
