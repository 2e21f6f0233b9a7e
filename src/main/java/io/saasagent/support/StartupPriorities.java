package io.saasagent.support;

/** Order of the start-up observers: validate first, then start probing, then what reads the results. */
public final class StartupPriorities {
    public static final int VALIDATE = 10;
    public static final int PROBES = 100;
    /** Stand for the lease and publish the first verdict before the policy can ask for a quorum. */
    public static final int COORDINATION = 150;
    public static final int POLICY = 200;

    private StartupPriorities() {
    }
}
