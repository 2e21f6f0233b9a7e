package io.saasagent.watchdog;

/**
 * The start-up order now lives in {@link io.saasagent.support.StartupPriorities} (configuration
 * validation uses it and must import nothing above it). These constants hand it on for the callers
 * that still import this class; remove once none does.
 */
public final class StartupPriorities {
    public static final int VALIDATE = io.saasagent.support.StartupPriorities.VALIDATE;
    public static final int PROBES = io.saasagent.support.StartupPriorities.PROBES;
    public static final int COORDINATION = io.saasagent.support.StartupPriorities.COORDINATION;
    public static final int POLICY = io.saasagent.support.StartupPriorities.POLICY;

    private StartupPriorities() {
    }
}
