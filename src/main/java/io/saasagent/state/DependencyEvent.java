package io.saasagent.state;

/**
 * Published after every probe result and on every transition; the failover policy and the
 * notifiers subscribe (CDI {@code @Observes DependencyEvent}). Listeners run on the probe's thread
 * and must hand any slow work to their own executor.
 *
 * @param previous the snapshot before this change (null on the first probe)
 */
public record DependencyEvent(Kind kind, DependencySnapshot previous, DependencySnapshot current) {
    public enum Kind {
        /** A probe finished (also sent when nothing changed). */
        PROBED,
        STATUS_CHANGED,
        CIRCUIT_CHANGED
    }
}
