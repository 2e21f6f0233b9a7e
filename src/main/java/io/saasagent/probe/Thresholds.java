package io.saasagent.probe;

import io.saasagent.config.FailoverConfig;
import io.saasagent.config.DependencyConfig;

import java.time.Duration;

/**
 * The levels above which an answering dependency is degraded, per dependency. Each type reads the
 * ones that concern it; defaults are the runbooks' (see {@link DependencyConfig}).
 *
 * @param mirrorLagWarn nats: mirror lag in seconds of publishing above which it is degraded
 * @param rpoObjective  nats: mirror lag at or above which the RPO contract is breached
 * @param certExpiryWarn     tls: a certificate expiring sooner is degraded
 * @param certExpiryCritical tls: a certificate expiring sooner (or expired) is a failed probe
 * @param archiveLagWarn     postgres: WAL archive age above which, with segments waiting, it is degraded
 */
public record Thresholds(double memoryWarnRatio, double clientsWarnRatio, double backendsWarnRatio,
                         Duration transactionAgeWarn, Duration replicationLagWarn,
                         Duration mirrorLagWarn, Duration rpoObjective, Duration certExpiryWarn, Duration certExpiryCritical,
                         Duration archiveLagWarn) {

    public static Thresholds of(DependencyConfig c, FailoverConfig failover) {
        return new Thresholds(c.memoryWarnRatio(), c.clientsWarnRatio(), c.backendsWarnRatio(),
                c.transactionAgeWarn(), c.replicationLagWarn(),
                c.mirrorLagWarn().orElse(failover.rpoWarn()), failover.rpoObjective(), c.certExpiryWarn(), c.certExpiryCritical(),
                c.archiveLagWarn());
    }
}
