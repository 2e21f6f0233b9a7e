package io.saasagent.failover;

import java.util.LinkedHashMap;
import java.util.Map;

/** The answer to an operator's call: accepted or refused (and why), and the state after it. */
public record ControlAnswer(String action, boolean accepted, String message, FailoverState state) {

    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action);
        m.put("accepted", accepted);
        m.put("message", message);
        m.put("state", state.id());
        return m;
    }
}
