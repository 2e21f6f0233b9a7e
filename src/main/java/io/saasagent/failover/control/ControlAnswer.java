package io.saasagent.failover.control;

import io.saasagent.failover.record.FailoverState;
import io.saasagent.failover.record.OperatorRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to an operator's call: done by this agent (the holder), queued for the holder (with the
 * request's id and the holder's name), or refused (and why); and the fleet state after it.
 */
public record ControlAnswer(String action, boolean accepted, boolean queued, String message, FailoverState state,
                            String requestId, String holder, boolean unanswered) {

    public ControlAnswer(String action, boolean accepted, boolean queued, String message, FailoverState state, String requestId, String holder) {
        this(action, accepted, queued, message, state, requestId, holder, false);
    }

    /** The agent could not say within its bound what became of the call (503): neither done nor known to be queued. */
    public static ControlAnswer unanswered(String action, String message, FailoverState state) {
        return new ControlAnswer(action, false, false, message, state, null, null, true);
    }

    static ControlAnswer done(String action, String message, FailoverState state) {
        return new ControlAnswer(action, true, false, message + "; state now " + state.id(), state, null, null);
    }

    static ControlAnswer refused(String action, String message, FailoverState state) {
        return new ControlAnswer(action, false, false, message, state, null, null);
    }

    static ControlAnswer queued(String action, OperatorRequest request, String holder, FailoverState state) {
        return new ControlAnswer(action, true, true, "queued for the lease holder" + (holder == null ? "" : " " + holder)
                + (request.expires() == null ? "" : "; expires at " + request.expires()), state, request.id(), holder);
    }

    /** 200 done, 202 queued (the request is in the record), 409 refused, 503 no answer in time. */
    public int status() {
        return unanswered ? 503 : queued ? 202 : accepted ? 200 : 409;
    }

    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action);
        m.put("accepted", accepted);
        m.put("queued", queued);
        m.put("message", message);
        m.put("state", state.id());
        if (queued) {
            m.put("request_id", requestId);
            m.put("holder", holder);
        }
        return m;
    }
}
