package io.saasagent.coordination;

import java.util.List;

/**
 * The count behind a go/no-go: {@code agreeing} of {@code live} agents see the failure. {@code reason}
 * says why not when {@code reached} is false (no quorum, peers unreadable, Kubernetes unreachable).
 */
public record QuorumDecision(boolean reached, int agreeing, int live, List<String> agreeingAgents, String reason) {
    public static QuorumDecision single(String identity) {
        return new QuorumDecision(true, 1, 1, List.of(identity), "single agent");
    }

    public static QuorumDecision refused(int agreeing, int live, List<String> agreeingAgents, String reason) {
        return new QuorumDecision(false, agreeing, live, agreeingAgents, reason);
    }

    /** More than half of the live agents. */
    public static boolean majority(int agreeing, int live) {
        return live > 0 && agreeing * 2 > live;
    }
}
