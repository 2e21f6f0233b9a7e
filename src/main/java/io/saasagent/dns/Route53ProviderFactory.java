package io.saasagent.dns;

import io.quarkus.arc.Unremovable;
import io.saasagent.config.FailoverConfig;
import io.saasagent.config.Secrets;
import io.saasagent.support.AwsCredentialChain;
import io.saasagent.support.Lazy;
import io.saasagent.support.Retrier;
import io.saasagent.support.RetryPolicy;
import io.saasagent.support.Sleeper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/** agent.failover.provider=route53: the API client built from configuration, with its credentials. */
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
    public DnsProvider create(FailoverConfig config) {
        return build(config, clock, Sleeper.REAL);
    }

    /**
     * The provider as configured: secrets resolved (and registered with the Redactor) and the client's
     * settings checked now, the client itself built at the first call (nothing on the start path).
     */
    static Route53Provider build(FailoverConfig f, Clock clock, Sleeper sleeper) {
        FailoverConfig.Route53 r = f.route53();
        Retrier retrier = new Retrier(RetryPolicy.dnsApi(r.maxAttempts()), sleeper);
        return new Route53Provider(client(r, clock), Route53Provider.Settings.from(f), retrier, clock, sleeper);
    }

    /**
     * The API client of agent.failover.route53.* (region, credentials, endpoint, timeout), built at its first call:
     * the provider's, and the region witness's when the provider is not Route 53. Static keys when configured, else
     * support.AwsCredentialChain (env, web identity, container, instance metadata), resolved at the first call.
     */
    static Lazy<Route53Http> client(FailoverConfig.Route53 r, Clock clock) {
        Optional<String> secret = Secrets.resolve(r.secretAccessKey(), r.secretAccessKeyFile());
        URI endpoint = r.endpoint().map(String::strip).filter(e -> !e.isEmpty()).map(URI::create).orElse(null);
        return Lazy.of(() -> new Route53Http(endpoint, r.region(), r.timeout(), AwsCredentialChain.standard(r.accessKeyId(), secret), clock));
    }
}
