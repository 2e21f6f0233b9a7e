package io.saasagent.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.health.api.HealthGroups;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;

import java.lang.annotation.Annotation;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * SmallRye Health answers {@code GET /q/health/group/<name>} with 200 "UP" and no checks for any name,
 * a healthy-looking answer for a group that does not exist. This route, in front of it, answers 404
 * for a group no health check belongs to and lets the known ones through. The known groups are read
 * once from the beans' {@code @HealthGroup} qualifiers, so the guard never runs a check itself.
 * Likewise {@code /q/health/started}, {@code /q/health/well} and {@code /q/health/group} (every group)
 * answer 404 while no check of their kind exists, rather than an empty "UP".
 */
@ApplicationScoped
public class HealthGroupGuard {

    @Inject
    BeanManager beans;

    @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q")
    String nonApplicationRoot;

    @ConfigProperty(name = "quarkus.smallrye-health.root-path", defaultValue = "health")
    String healthRoot;

    @ConfigProperty(name = "quarkus.smallrye-health.group-path", defaultValue = "group")
    String groupPath;

    void install(@Observes Router router) {
        Set<String> known = knownGroups();
        String prefix = "/" + strip(nonApplicationRoot) + "/" + strip(healthRoot) + "/" + strip(groupPath) + "/";
        router.routeWithRegex(HttpMethod.GET, "^" + Pattern.quote(prefix) + "([^/]+)/?$").order(Integer.MIN_VALUE + 1)
                .handler(ctx -> {
                    if (known.contains(ctx.pathParam("param0"))) {
                        ctx.next();
                    } else {
                        notFound(ctx, "no such health group");
                    }
                });
        Set<String> kinds = knownKinds();
        String health = "/" + strip(nonApplicationRoot) + "/" + strip(healthRoot) + "/";
        router.routeWithRegex(HttpMethod.GET, "^" + Pattern.quote(health) + "(started|well|" + Pattern.quote(strip(groupPath)) + ")/?$")
                .order(Integer.MIN_VALUE + 1)
                .handler(ctx -> {
                    String kind = ctx.pathParam("param0");
                    boolean any = kind.equals(strip(groupPath)) ? !known.isEmpty() : kinds.contains(kind);
                    if (any) {
                        ctx.next();
                    } else {
                        notFound(ctx, "no health check of this kind");
                    }
                });
    }

    private static void notFound(io.vertx.ext.web.RoutingContext ctx, String why) {
        ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                .end("{\"status\":\"not found\",\"error\":\"" + why + "\"}");
    }

    /** "started" when a @Startup check exists, "well" when a @Wellness one does. */
    private Set<String> knownKinds() {
        Set<String> kinds = new TreeSet<>();
        Set<Bean<?>> checks = new HashSet<>(beans.getBeans(HealthCheck.class, Any.Literal.INSTANCE));
        checks.addAll(beans.getBeans(AsyncHealthCheck.class, Any.Literal.INSTANCE));
        for (Bean<?> bean : checks) {
            for (Annotation qualifier : bean.getQualifiers()) {
                String name = qualifier.annotationType().getSimpleName();
                if (name.equals("Startup")) {
                    kinds.add("started");
                } else if (name.equals("Wellness")) {
                    kinds.add("well");
                }
            }
        }
        return kinds;
    }

    Set<String> knownGroups() {
        Set<String> groups = new TreeSet<>();
        Set<Bean<?>> checks = new HashSet<>(beans.getBeans(HealthCheck.class, Any.Literal.INSTANCE));
        checks.addAll(beans.getBeans(AsyncHealthCheck.class, Any.Literal.INSTANCE));
        for (Bean<?> bean : checks) {
            for (Annotation qualifier : bean.getQualifiers()) {
                if (qualifier instanceof HealthGroup group) {
                    groups.add(group.value());
                } else if (qualifier instanceof HealthGroups repeated) {
                    for (HealthGroup group : repeated.value()) {
                        groups.add(group.value());
                    }
                }
            }
        }
        return groups;
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
