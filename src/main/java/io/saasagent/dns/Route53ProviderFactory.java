package io.saasagent.dns;

import io.quarkus.arc.Unremovable;
import io.saasagent.config.AgentConfig;
import io.saasagent.support.Sleeper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;

/** agent.failover.provider=route53. */
@ApplicationScoped
@Unremovable
public class Route53ProviderFactory implements DnsProviderFactory {
    @Inject
    Clock clock;

    @Override
    public String id() {
        return "route53";
    }

    @Override
    public DnsProvider create(AgentConfig.Failover config) {
        return Route53Provider.create(config, clock, Sleeper.REAL);
    }
}
