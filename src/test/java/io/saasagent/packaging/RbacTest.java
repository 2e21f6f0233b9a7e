package io.saasagent.packaging;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.saasagent.coordination.ConfigMapRecordStore;
import io.saasagent.coordination.RecordStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.saasagent.packaging.Manifests.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Role grants exactly what the agent calls: the list below, each grant with the code that needs
 * it, and the lease grants proven by running fabric8's LeaderElector (the one the coordination code
 * uses) against the fabric8 mock API server and recording the requests it makes.
 */
@Timeout(60)
class RbacTest {

    /** One RBAC permission: API group, resource, verb, and the one object name it is limited to ("" for any). */
    record Grant(String group, String resource, String verb, String name) implements Comparable<Grant> {
        @Override
        public int compareTo(Grant o) {
            return toString().compareTo(o.toString());
        }
    }

    static final String LEASE = "saas-agent-failover";
    static final String RECORD = "saas-agent-failover-record";

    /**
     * THE list of what the agent calls. Change it together with the code, never the Role alone.
     */
    static final Map<Grant, String> EXPECTED = Map.ofEntries(
            // fabric8 LeaseLock.create (ResourceLock.create -> POST): the first agent creates the Lease.
            // RBAC cannot limit create to a name.
            Map.entry(new Grant("coordination.k8s.io", "leases", "create", ""), "fabric8 LeaderElector: LeaseLock.create"),
            // LeaseLock.get: every agent reads the Lease each retry period (agent.coordination.retry-period).
            Map.entry(new Grant("coordination.k8s.io", "leases", "get", LEASE), "fabric8 LeaderElector: LeaseLock.get"),
            // LeaseLock.update: acquire/renew/release as a JSON merge PATCH in fabric8 7.6.1 (not PUT).
            Map.entry(new Grant("coordination.k8s.io", "leases", "patch", LEASE), "fabric8 LeaderElector: LeaseLock.update"),
            // Coordination: peers found by label selector (agent.coordination.peer-selector) for the quorum.
            Map.entry(new Grant("", "pods", "list", ""), "coordination: peer agents for the quorum"),
            // KubernetesCoordinator: each agent's verdict as the saas-agent/verdict annotation on its own pod
            // (VerdictAnnotation, patched on change). No pods get: POD_UID comes from the downward API.
            Map.entry(new Grant("", "pods", "patch", ""), "coordination: own verdict annotation"),
            // DecisionEvents: every decision (fired, refused, written) recorded as an Event on the pod...
            Map.entry(new Grant("", "events", "create", ""), "coordination: decisions as Events"),
            // ... and repeats of the same kind folded into that Event's count.
            Map.entry(new Grant("", "events", "patch", ""), "coordination: repeated decisions counted"),
            // Cluster DR checks of the shipped configuration (k8s/components/saas-agent/config): each object by a list with a
            // field selector on its name; the backup CronJob's Jobs for its success rate.
            Map.entry(new Grant("external-secrets.io", "externalsecrets", "list", ""), "cluster check: external-secret"),
            Map.entry(new Grant("cert-manager.io", "certificates", "list", ""), "cluster check: certificate"),
            Map.entry(new Grant("batch", "cronjobs", "list", ""), "cluster check: backup-cronjob"),
            Map.entry(new Grant("batch", "jobs", "list", ""), "cluster check: backup-cronjob's Jobs"),
            // ConfigMapRecordStore: the fleet's failover record beside the Lease. The first write creates it...
            Map.entry(new Grant("", "configmaps", "create", ""), "coordination: the failover record created"),
            // ... every agent reads it (followers once per candidate-retry-period) ...
            Map.entry(new Grant("", "configmaps", "get", RECORD), "coordination: the failover record read"),
            // ... and writes go with the resourceVersion read (PUT), the holder's and a queued request's.
            Map.entry(new Grant("", "configmaps", "update", RECORD), "coordination: the failover record written"));

    static Set<Grant> granted(Role role) {
        Set<Grant> grants = new TreeSet<>();
        role.getRules().forEach(rule -> {
            List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty() ? List.of("") : rule.getResourceNames();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        names.forEach(n -> grants.add(new Grant(group, resource, verb, n)));
                    }
                }
            }
        });
        return grants;
    }

    @Test
    void theRoleGrantsExactlyTheListNoWildcardNoClusterScope() {
        for (var overlay : ProjectFiles.OVERLAYS) {
            List<HasMetadata> built = Manifests.build(overlay);
            Role role = one(built, Role.class);
            assertThat(role.getRules()).allSatisfy(rule -> {
                assertThat(rule.getVerbs()).doesNotContain("*");
                assertThat(rule.getResources()).doesNotContain("*").noneMatch(r -> r.contains("/"));
                assertThat(rule.getApiGroups()).doesNotContain("*");
                assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            });
            assertThat(granted(role)).isEqualTo(new TreeSet<>(EXPECTED.keySet()));
            assertThat(built).noneMatch(r -> r.getKind().startsWith("Cluster"));

            // Bound to the service account the pods run as (the sample API's own), and to nobody else.
            RoleBinding binding = one(built, RoleBinding.class);
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
            assertThat(binding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getKind()).isEqualTo("ServiceAccount"));
            assertThat(Manifests.boundServiceAccounts(binding)).containsExactly(Manifests.podServiceAccount(one(built, Deployment.class)))
                    .containsExactly("system:serviceaccount:saas:saas-api");
        }
    }

    @Test
    void fabric8LeaderElectionCallsExactlyTheLeaseGrants() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            CountDownLatch leading = new CountDownLatch(1);
            CompletableFuture<?> election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                    .withName("saas-agent").withLock(new LeaseLock("saas", LEASE, "saas-api-a"))
                    .withLeaseDuration(Duration.ofSeconds(2)).withRenewDeadline(Duration.ofMillis(1500))
                    .withRetryPeriod(Duration.ofMillis(100)).withReleaseOnCancel(true)
                    .withLeaderCallbacks(new LeaderCallbacks(leading::countDown, () -> {
                    }, id -> {
                    })).build()).build().start();
            assertThat(leading.await(20, TimeUnit.SECONDS)).as("became leader").isTrue();
            // Renew a few times, then step down (release), so every call of a leader's life is seen.
            long renewals = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Set<Grant> seen = new TreeSet<>();
            while (renewals < 3 && System.nanoTime() < until) {
                RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
                if (request != null) {
                    Grant g = grantOf(request);
                    seen.add(g);
                    renewals += g.verb().equals("patch") ? 1 : 0;
                }
            }
            assertThat(renewals).as("lease renewals seen").isGreaterThanOrEqualTo(3);
            election.cancel(true);
            RecordedRequest request;
            while ((request = server.takeRequest(1, TimeUnit.SECONDS)) != null) {
                seen.add(grantOf(request));
            }
            Set<Grant> leaseGrants = EXPECTED.keySet().stream().filter(g -> g.resource().equals("leases"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(seen).isEqualTo(leaseGrants);
        } finally {
            server.destroy();
        }
    }

    @Test
    void theShippedClusterChecksCallExactlyTheirGrants() throws Exception {
        Set<Grant> called = new TreeSet<>();
        ShippedClusterChecks.run(2).forEach(r -> called.add(grantOf(r)));
        Set<Grant> clusterGrants = EXPECTED.entrySet().stream().filter(e -> e.getValue().startsWith("cluster check"))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(called).isEqualTo(clusterGrants);
    }

    @Test
    void theFailoverRecordCallsExactlyTheConfigMapGrants() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            RecordStore store = new ConfigMapRecordStore(client, "saas", RECORD);
            assertThat(store.read()).isEmpty();
            String first = store.write("{\"state\":\"armed\"}", null);
            String second = store.write("{\"state\":\"fired\"}", first);
            assertThat(store.read()).hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(second));
            assertThatThrownBy(() -> store.write("{}", first)).as("a stale version is refused").isInstanceOf(RecordStore.Conflict.class);
            Set<Grant> seen = new TreeSet<>();
            RecordedRequest request;
            while ((request = server.takeRequest(1, TimeUnit.SECONDS)) != null) {
                seen.add(grantOf(request));
            }
            assertThat(seen).isEqualTo(EXPECTED.keySet().stream().filter(g -> g.resource().equals("configmaps"))
                    .collect(Collectors.toCollection(TreeSet::new)));
        } finally {
            server.destroy();
        }
    }

    private static final Pattern PATH = Pattern.compile(
            "/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/?]+)(?:/([^/?]+))?");

    /** The RBAC permission a request needs, as the API server's authorizer derives it. */
    static Grant grantOf(RecordedRequest request) {
        URI uri = URI.create(request.getPath());
        Matcher m = PATH.matcher(uri.getPath());
        assertThat(m.matches()).as("namespaced resource request: " + request.getPath()).isTrue();
        String group = m.group(1) == null ? "" : m.group(1);
        String name = m.group(3) == null ? "" : m.group(3);
        boolean watch = uri.getQuery() != null && uri.getQuery().contains("watch=true");
        String verb = switch (request.getMethod()) {
            case "GET" -> watch ? "watch" : name.isEmpty() ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
            default -> throw new AssertionError("unexpected method " + request.getMethod());
        };
        // A create names no object in its path: RBAC cannot limit it to one.
        return new Grant(group, m.group(2), verb, verb.equals("create") ? "" : name);
    }
}
