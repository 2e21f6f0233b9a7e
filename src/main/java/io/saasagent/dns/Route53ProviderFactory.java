package io.saasagent.dns;

import io.quarkus.arc.Unremovable;
import io.saasagent.config.AgentConfig;
import io.saasagent.config.Secrets;
import io.saasagent.support.Lazy;
import io.saasagent.support.Retrier;
import io.saasagent.support.RetryPolicy;
import io.saasagent.support.Sleeper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ClientBuilder;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/** agent.failover.provider=route53: the SDK client built from configuration, with its credentials. */
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
        return build(config, clock, Sleeper.REAL);
    }

    /**
     * The provider as configured: secrets resolved (and registered with the Redactor) and the SDK client's
     * settings checked now, the client itself built at the first call (nothing on the start path).
     */
    static Route53Provider build(AgentConfig.Failover f, Clock clock, Sleeper sleeper) {
        AgentConfig.Route53 r = f.route53();
        Retrier retrier = new Retrier(RetryPolicy.dnsApi(r.maxAttempts()), sleeper);
        return new Route53Provider(client(r), Route53Provider.Settings.from(f), retrier, clock, sleeper);
    }

    /**
     * The SDK client of agent.failover.route53.* (region, credentials, endpoint, timeout), built at its first call:
     * the provider's, and the region witness's when the provider is not Route 53.
     */
    static Lazy<Route53Client> client(AgentConfig.Route53 r) {
        Route53ClientBuilder builder = Route53Client.builder()
                // Explicit HTTP client: no classpath scan for an implementation (native-friendly), no netty/apache.
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(r.timeout()).socketTimeout(r.timeout()).build())
                .region(Region.of(r.region()))
                .credentialsProvider(credentials(r))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(r.timeout()));
        r.endpoint().ifPresent(e -> builder.endpointOverride(URI.create(e.strip())));
        return Lazy.of(builder::build);
    }

    /**
     * Static keys when configured; else the SDK's default chain (env, system properties, web identity,
     * profile, container, instance metadata), resolved lazily at the first call, never at start.
     */
    private static AwsCredentialsProvider credentials(AgentConfig.Route53 r) {
        Optional<String> secret = Secrets.resolve(r.secretAccessKey(), r.secretAccessKeyFile());
        if (r.accessKeyId().isPresent() && secret.isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(r.accessKeyId().get().strip(), secret.get()));
        }
        return DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(false).build();
    }
}
