package io.saasagent.packaging;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.saasagent.cluster.ClusterCheckRunner;
import io.saasagent.cluster.ClusterResults;
import io.saasagent.cluster.ClusterResultsShare;
import io.saasagent.cluster.check.ClusterChecksConfig;
import io.saasagent.cluster.check.ClusterObjects;
import io.saasagent.testing.MutableClock;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The cluster checks of the shipped configuration ({@code k8s/components/saas-agent/config/application.properties}),
 * run by a lease holder for a number of intervals against the fabric8 mock API server, every request
 * it receives recorded: what RBAC must grant, and the load the checks put on the API.
 */
final class ShippedClusterChecks {
    static final Path CONFIG = Path.of("k8s/components/saas-agent/config/application.properties");

    private ShippedClusterChecks() {
    }

    static ClusterChecksConfig.Parsed parsed() throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(CONFIG)) {
            p.load(in);
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return ClusterChecksConfig.parse(m);
    }

    /** The requests received since the last drain. */
    private static List<RecordedRequest> drain(KubernetesMockServer server) throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            requests.add(r);
        }
        return requests;
    }

    /** apiVersion/plural of each kind the shipped configuration may use. */
    private static final Map<String, String[]> TYPES = Map.of(
            "external-secret", new String[] {"external-secrets.io", "v1beta1", "ExternalSecret", "externalsecrets"},
            "certificate", new String[] {"cert-manager.io", "v1", "Certificate", "certificates"},
            "backup-cronjob", new String[] {"batch", "v1", "CronJob", "cronjobs"},
            "argocd-application", new String[] {"argoproj.io", "v1alpha1", "Application", "applications"},
            "velero-schedule", new String[] {"velero.io", "v1", "Schedule", "schedules"});

    private static void create(KubernetesClient client, String kind, String name) {
        String[] t = TYPES.get(kind);
        ResourceDefinitionContext type = new ResourceDefinitionContext.Builder().withGroup(t[0]).withVersion(t[1]).withKind(t[2])
                .withPlural(t[3]).withNamespaced(true).build();
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder().withApiVersion(t[0] + "/" + t[1]).withKind(t[2])
                .withNewMetadata().withName(name).withNamespace("saas").endMetadata().build();
        client.genericKubernetesResources(type).inNamespace("saas").resource(r).create();
    }

    /** Runs {@code intervals} intervals of the shipped checks as the holder; the requests the API server received. */
    static List<RecordedRequest> run(int intervals) throws IOException, InterruptedException {
        ClusterChecksConfig.Parsed parsed = parsed();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/")).withNamespace("saas")
                .withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            // The objects exist (an absent one is read once and judged; a present CronJob also costs its Jobs).
            parsed.checks().forEach(c -> create(client, c.kind(), c.spec().objectName()));
            drain(server);
            MutableClock clock = new MutableClock();
            ClusterCheckRunner runner = new ClusterCheckRunner(new ClusterResults(parsed), new ClusterObjects(client), () -> true,
                    () -> "", ClusterResultsShare.NONE, "saas-api-a", clock);
            // Ticks every second of each interval, as the agent does: only one run per interval may read.
            for (long second = 0; second < intervals * parsed.interval().toSeconds(); second++) {
                runner.tick();
                clock.advance(java.time.Duration.ofSeconds(1));
            }
            return drain(server);
        } finally {
            server.destroy();
        }
    }
}
