package io.saasagent.coordination;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Which coordinator runs: {@code kubernetes} (Lease election, peers' verdicts, Events) or {@code single}
 * (this agent is its own leader). {@code agent.coordination.mode=auto} picks kubernetes when the agent
 * runs in a pod: the downward API's POD_NAME/POD_NAMESPACE are set or a service-account token is mounted.
 */
public enum CoordinationMode {
    KUBERNETES,
    SINGLE;

    /** Where Kubernetes mounts the pod's service account (token, namespace, ca.crt). */
    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    public static CoordinationMode choose(String configured, Function<String, String> env, Path serviceAccount) {
        return switch (configured) {
            case "kubernetes" -> KUBERNETES;
            case "none" -> SINGLE;
            default -> inPod(env, serviceAccount) ? KUBERNETES : SINGLE;
        };
    }

    static boolean inPod(Function<String, String> env, Path serviceAccount) {
        return present(env.apply("POD_NAME")) || present(env.apply("POD_NAMESPACE"))
                || Files.isRegularFile(serviceAccount.resolve("token"));
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
