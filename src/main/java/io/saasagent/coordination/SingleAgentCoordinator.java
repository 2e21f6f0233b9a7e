package io.saasagent.coordination;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** Without Kubernetes: this agent is its own leader and its own quorum, and says so. */
@DefaultBean
@ApplicationScoped
public class SingleAgentCoordinator implements Coordinator {
    private static final Logger LOG = Logger.getLogger(SingleAgentCoordinator.class);

    private final String identity = hostName();
    private volatile Verdict last;

    @Override
    public boolean isLeader() {
        return true;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public void publishVerdict(Verdict verdict) {
        last = verdict;
    }

    @Override
    public QuorumDecision quorum(String failure) {
        return QuorumDecision.single(identity);
    }

    @Override
    public void record(Decision decision) {
        LOG.infof("decision %s: %s %s", decision.kind(), decision.message(), decision.evidence());
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", "single");
        m.put("identity", identity);
        m.put("leader", true);
        m.put("note", "no Kubernetes coordination: this agent is its own leader and quorum");
        return m;
    }

    private static String hostName() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "local";
        }
    }
}
