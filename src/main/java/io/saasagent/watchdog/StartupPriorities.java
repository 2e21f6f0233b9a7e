package io.saasagent.watchdog;

/** Order of the start-up observers: validate first, then start probing, then what reads the results. */
public final class StartupPriorities {
    public static final int VALIDATE = 10;
    public static final int PROBES = 100;
    public static final int POLICY = 200;

    private StartupPriorities() {
    }
}
