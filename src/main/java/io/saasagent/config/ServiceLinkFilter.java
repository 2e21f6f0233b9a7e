package io.saasagent.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps Kubernetes service-link variables out of the agent's configuration. A pod with service links (the
 * Kubernetes default, and the user's setting, not the agent's) gets, for each Service of its namespace,
 * variables like {@code AGENT_DEPENDENCIES_API_SERVICE_HOST=10.0.0.1} or {@code AGENT_DEPENDENCIES_API_PORT=
 * tcp://10.0.0.1:80} (Service {@code agent-dependencies-api}). Read as configuration, such a variable is a key of
 * the agent's: under a map it names a phantom cluster check or NATS mirror, and start-up is refused. Hidden:
 * environment variables of the {@code AGENT_} namespace whose name AND value both have the shape the kubelet
 * gives them; every other variable is left alone.
 * A hidden name reads as unset (an interceptor cannot ask the sources below the environment), so no key of the
 * agent may end like a service link ({@code .port}, {@code .service-host}, ...): none does.
 * Registered in META-INF/services/io.smallrye.config.ConfigSourceInterceptor.
 */
@Priority(Priorities.LIBRARY)
public class ServiceLinkFilter implements ConfigSourceInterceptor {
    private static final String ADDRESS = "(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F]*:[0-9a-fA-F:.]*)";
    private static final String PORT = "\\d{1,5}";
    private static final String PROTOCOL = "(?:tcp|udp|sctp)";
    private static final String URL = PROTOCOL + "://(?:" + ADDRESS + "|\\[" + ADDRESS + "])" + ":" + PORT;
    private static final String SERVICE = "AGENT(?:_[A-Z0-9_]*)?";

    /** Name shape -> value shape, as the kubelet writes them (pkg/kubelet/envvars). */
    private static final Map<Pattern, Pattern> LINKS = Map.of(
            Pattern.compile(SERVICE + "_SERVICE_HOST"), Pattern.compile(ADDRESS),
            Pattern.compile(SERVICE + "_SERVICE_PORT(?:_[A-Z0-9_]+)?"), Pattern.compile(PORT),
            Pattern.compile(SERVICE + "_PORT(?:_" + PORT + "_(?:TCP|UDP|SCTP))?"), Pattern.compile(URL),
            Pattern.compile(SERVICE + "_PORT_" + PORT + "_(?:TCP|UDP|SCTP)_PROTO"), Pattern.compile(PROTOCOL),
            Pattern.compile(SERVICE + "_PORT_" + PORT + "_(?:TCP|UDP|SCTP)_PORT"), Pattern.compile(PORT),
            Pattern.compile(SERVICE + "_PORT_" + PORT + "_(?:TCP|UDP|SCTP)_ADDR"), Pattern.compile(ADDRESS));

    /** The service-link variables of the environment, by name. */
    private final Set<String> links;

    public ServiceLinkFilter() {
        this(System.getenv());
    }

    ServiceLinkFilter(Map<String, String> environment) {
        this.links = environment.entrySet().stream().filter(e -> isServiceLink(e.getKey(), e.getValue())).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static boolean isServiceLink(String name, String value) {
        return value != null && LINKS.entrySet().stream()
                .anyMatch(link -> link.getKey().matcher(name).matches() && link.getValue().matcher(value).matches());
    }

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value != null && EnvConfigSource.NAME.equals(value.getConfigSourceName()) && links.contains(envName(name))) {
            return null;
        }
        return value;
    }

    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        if (links.isEmpty()) {
            return context.iterateNames();
        }
        Set<String> names = new TreeSet<>();
        context.iterateNames().forEachRemaining(n -> {
            if (!links.contains(envName(n))) {
                names.add(n);
            }
        });
        return names.iterator();
    }

    /** The environment variable a property name is read from (MicroProfile Config's rule). */
    private static String envName(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
