package io.saasagent.support;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** Log records are masked, parameters and exception chains included, before any handler sees them. */
@Timeout(5)
class RedactingLogFilterTest {
    private final RedactingLogFilter filter = new RedactingLogFilter();

    @Test
    void aRegisteredSecretInAFormattedMessageIsMasked() {
        Redactor.register("hunter2-log-secret");
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "auth failed with %s for %s", ExtLogRecord.FormatStyle.PRINTF, "test");
        record.setParameters(new Object[] {"hunter2-log-secret", "redis://user:other-pw@host:6379"});

        assertThat(filter.isLoggable(record)).isTrue();

        assertThat(record.getFormattedMessage()).isEqualTo("auth failed with *** for redis://***@host:6379");
    }

    @Test
    void aSecretHoldingAShorterOneIsMaskedWhole() {
        // 20 pairs: whatever order the registry keeps them in, some short one would come before its long one.
        for (int i = 0; i < 20; i++) {
            Redactor.register("pw" + i + "of");
            Redactor.register("long-pw" + i + "of-redis-canary");
        }
        for (int i = 0; i < 20; i++) {
            assertThat(Redactor.redact("AUTH long-pw" + i + "of-redis-canary and pw" + i + "of")).isEqualTo("AUTH *** and ***");
        }
    }

    @Test
    void aConfigurationErrorAboutASecretKeepsItsWordsACredentialValueDoesNot() {
        // The key's own name may be masked where another test registered a secret it contains (one registry per JVM).
        assertThat(Redactor.redact("Invalid configuration: agent.failover.rfc2136.tsig-secret: is required in active mode"))
                .startsWith("Invalid configuration: agent.failover.rfc2136.tsig-").endsWith(": is required in active mode");
        assertThat(Redactor.redact("password: hunter2-cfg and token=abc123def, secret: is-it-canary"))
                .doesNotContain("hunter2-cfg").doesNotContain("abc123def").doesNotContain("is-it-canary")
                .startsWith("password: *** and token=***, ");
    }

    @Test
    void anExceptionChainHoldingASecretIsReplacedByAMaskedCopyWithTheSameStack() {
        IOException cause = new IOException("connect to nats://app:pw-in-cause@10.0.0.1:4222 failed");
        IllegalStateException thrown = new IllegalStateException("probe failed", cause);
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "probe", ExtLogRecord.FormatStyle.NO_FORMAT, "test");
        record.setThrown(thrown);

        filter.isLoggable(record);

        Throwable logged = record.getThrown();
        assertThat(logged.toString()).isEqualTo("java.lang.IllegalStateException: probe failed");
        assertThat(logged.getCause().toString()).isEqualTo("java.io.IOException: connect to nats://***@10.0.0.1:4222 failed");
        assertThat(logged.getStackTrace()).isEqualTo(thrown.getStackTrace());
    }

    @Test
    void aCleanExceptionIsKeptAsItIs() {
        IOException clean = new IOException("connection refused");
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "probe", ExtLogRecord.FormatStyle.NO_FORMAT, "test");
        record.setThrown(clean);

        filter.isLoggable(record);

        assertThat(record.getThrown()).isSameAs(clean);
    }
}
