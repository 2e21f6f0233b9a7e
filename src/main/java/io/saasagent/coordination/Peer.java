package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.Map;
import java.util.Optional;

/**
 * One agent's pod as the pod list shows it: whether it runs and is ready, and its published verdict
 * ({@code null} when it has none or an unreadable one).
 */
public record Peer(String name, boolean running, boolean ready, Verdict verdict, boolean verdictMalformed) {

    public static Peer of(Pod pod) {
        String name = pod.getMetadata().getName();
        boolean running = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getMetadata().getDeletionTimestamp() == null;
        boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String text = annotations == null ? null : annotations.get(VerdictAnnotation.KEY);
        Optional<Verdict> verdict = VerdictAnnotation.decode(name, text);
        return new Peer(name, running, ready, verdict.orElse(null), text != null && verdict.isEmpty());
    }
}
