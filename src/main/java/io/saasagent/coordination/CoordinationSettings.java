package io.saasagent.coordination;

import io.saasagent.config.AgentConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The Kubernetes coordinator's settings: {@code agent.coordination.*} completed from the pod's
 * environment. Identity is the pod name (the Lease holder, the pod the verdict annotation and the
 * Events go on); the namespace is where the Lease, the peers and the Events are.
 */
public record CoordinationSettings(String identity, String namespace, String podUid, String leaseName,
                                   Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
                                   Duration candidateRetryPeriod, String peerSelector, Duration verdictMaxAge,
                                   Duration eventMinInterval, String recordName) {

    /**
     * Config first, then the downward API's env vars (POD_NAME, POD_NAMESPACE, POD_UID), then HOSTNAME
     * (a pod's host name is its name) and the service account's namespace file, then the client's
     * namespace (kubeconfig).
     *
     * @throws Unresolved naming the key to set when no identity or namespace can be found
     */
    public static CoordinationSettings resolve(AgentConfig.Coordination c, Function<String, String> env,
                                               Path serviceAccount, String clientNamespace) {
        String identity = first(c.podName(), env.apply("POD_NAME"), env.apply("HOSTNAME"))
                .orElseThrow(() -> new Unresolved(
                        "agent.coordination.pod-name: not set and POD_NAME unknown (set it from the downward API metadata.name)"));
        String namespace = first(c.namespace().or(c::podNamespace), env.apply("POD_NAMESPACE"),
                        readFile(serviceAccount.resolve("namespace")), clientNamespace)
                .orElseThrow(() -> new Unresolved(
                        "agent.coordination.namespace: not set and POD_NAMESPACE unknown (set it from the downward API metadata.namespace)"));
        String uid = first(c.podUid(), env.apply("POD_UID")).orElse(null);
        return new CoordinationSettings(identity, namespace, uid, c.leaseName(), c.leaseDuration(), c.renewDeadline(),
                c.retryPeriod(), c.candidateRetryPeriod(), c.peerSelector(), c.verdictMaxAge(), c.eventMinInterval(), c.recordName());
    }

    /** A key that neither the configuration nor the pod's environment sets. */
    public static final class Unresolved extends IllegalStateException {
        Unresolved(String message) {
            super(message);
        }
    }

    /** A copy with another identity (tests run several agents in one JVM). */
    public CoordinationSettings withIdentity(String newIdentity, String newUid) {
        return new CoordinationSettings(newIdentity, namespace, newUid, leaseName, leaseDuration, renewDeadline, retryPeriod,
                candidateRetryPeriod, peerSelector, verdictMaxAge, eventMinInterval, recordName);
    }

    private static Optional<String> first(Optional<String> configured, String... fallbacks) {
        return Stream.concat(configured.stream(), Stream.of(fallbacks)).filter(CoordinationMode::present).map(String::strip).findFirst();
    }

    private static String readFile(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
