package io.saasagent.failover.control;

import java.util.Map;

/**
 * What the control endpoints ask of the failover policy, provided by {@code io.saasagent.failover.FailoverService}:
 * the operator's view, an action carried out or queued, a line in the timeline.
 */
public interface FailoverControl {

    /** GET /failover. */
    Map<String, Object> view();

    /** An operator's trigger, failback, arm or disarm, answered within a bounded time. */
    ControlAnswer control(String action, String actor);

    /** Adds a line to the timeline without waiting. */
    void note(String event, String message, Map<String, Object> evidence);
}
