package io.saasagent.failover;

import io.saasagent.failover.policy.Outcome;
import io.saasagent.failover.region.RegionMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.saasagent.metrics.MetricNames;

/**
 * The failover metrics. Prometheus names (prefix {@code agent.metrics.prefix}, default saas):
 * <ul>
 *   <li>{@code saas_failover_state}: 0 armed, 1 fired, 2 failing_over, 3 failed_over, 4 failing_back, 5 disarmed</li>
 *   <li>{@code saas_failover_total{mode,result}}: failover attempts by outcome ({@link Outcome})</li>
 *   <li>{@code saas_failover_events_dropped_total}, {@code saas_failover_events_queued}: the engine's coalesced probe inbox</li>
 *   <li>{@code saas_failover_record_unreadable}, {@code saas_failover_nobody_can_act}: 1 while so (alerts of their own)</li>
 *   <li>{@code saas_failover_step_failures_total}: engine steps that threw, caught and recorded (StepFailed)</li>
 *   <li>{@code saas_failover_detection_seconds}, {@code saas_failover_recovery_seconds}: the last incident's (NaN before)</li>
 *   <li>with {@code agent.region.role} primary or standby: the {@code saas_region_*} metrics ({@link RegionMetrics})</li>
 * </ul>
 */
final class FailoverMetrics {
    private FailoverMetrics() {
    }

    static void bind(FailoverEngine engine, ProbeInbox inbox, String prefix, MeterRegistry registry) {
        FunctionCounter.builder(MetricNames.name(prefix, "failover_events_dropped"), inbox, ProbeInbox::dropped)
                .description("Probe results superseded by a newer one of the same dependency before the failover engine saw them")
                .register(registry);
        Gauge.builder(MetricNames.name(prefix, "failover_events_queued"), inbox, ProbeInbox::depth)
                .description("Probe results waiting for the failover engine (at most one per dependency)").strongReference(true).register(registry);
        Gauge.builder(MetricNames.name(prefix, "failover_state"), engine, e -> e.state().gauge())
                .description("Failover state: 0 armed, 1 fired, 2 failing_over, 3 failed_over, 4 failing_back, 5 disarmed")
                .strongReference(true).register(registry);
        String mode = engine.settings().mode().id();
        for (Outcome result : Outcome.values()) {
            // Micrometer's Prometheus naming appends _total to a counter.
            FunctionCounter.builder(MetricNames.name(prefix, "failover"), engine, e -> e.outcomeCount(result))
                    .description("Failover attempts by mode and outcome")
                    .tags("mode", mode, "result", result.label()).register(registry);
        }
        Gauge.builder(MetricNames.name(prefix, "failover_record_unreadable"), engine, e -> e.recordUnreadable() ? 1 : 0)
                .description("1 while the failover record does not parse (kept aside, not written over until an operator clears it)")
                .strongReference(true).register(registry);
        Gauge.builder(MetricNames.name(prefix, "failover_nobody_can_act"), engine, e -> e.nobodyCanAct() ? 1 : 0)
                .description("1 while the failover policy fires and this agent cannot confirm any lease (nobody can fail over)")
                .strongReference(true).register(registry);
        FunctionCounter.builder(MetricNames.name(prefix, "failover_step_failures"), engine, FailoverEngine::stepFailures)
                .description("Failover engine steps that threw (caught, recorded as StepFailed, paged)").register(registry);
        Gauge.builder(MetricNames.name(prefix, "failover_detection_seconds"), engine, FailoverEngine::detectionSeconds)
                .description("Last incident: first failed probe to policy fired").strongReference(true).register(registry);
        Gauge.builder(MetricNames.name(prefix, "failover_recovery_seconds"), engine, FailoverEngine::recoverySeconds)
                .description("Last incident: policy fired to DR target healthy behind the new record").strongReference(true).register(registry);
        RegionMetrics.bind(engine.region(), engine.settings().region().name(), prefix, registry);
    }
}
