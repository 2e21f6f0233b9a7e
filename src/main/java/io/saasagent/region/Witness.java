package io.saasagent.region;

/**
 * A third view of the primary, outside both regions, asked before a standby takes over: Route 53's health
 * checkers (a health check is healthy while at least 18 % of its checkers report it so). A witness that cannot
 * be read agrees with nothing: no take-over (fail closed).
 * Route 53's rule: an endpoint is healthy while MORE than 18 % of the checkers report it so.
 */
public interface Witness {

    /** What the witness sees now; throws when it cannot be read (credentials, API down, unknown check). */
    Reading read() throws Exception;

    /** Short name for /failover and the evidence (e.g. {@code route53-health-check}). */
    default String describe() {
        return "witness";
    }

    /**
     * @param healthy  checkers that report the primary healthy
     * @param checkers checkers that report at all
     */
    record Reading(int healthy, int checkers, String detail) {
        /** Route 53's own rule: healthy while more than 18 % of the checkers say so. */
        public static final double HEALTHY_FRACTION = 0.18;

        public double healthyFraction() {
            return checkers == 0 ? Double.NaN : (double) healthy / checkers;
        }

        /** Whether the witness sees the primary down too (no checker answering at all is no agreement). */
        public boolean seesDown() {
            return checkers > 0 && healthy <= HEALTHY_FRACTION * checkers;
        }

        public String summary() {
            return String.format(java.util.Locale.ROOT, "%d of %d checkers see the primary healthy (%.2f %%, down at or under %.0f %%)%s",
                    healthy, checkers, checkers == 0 ? 0.0 : healthyFraction() * 100, HEALTHY_FRACTION * 100,
                    detail == null || detail.isBlank() ? "" : ": " + detail);
        }
    }
}
