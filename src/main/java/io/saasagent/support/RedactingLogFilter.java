package io.saasagent.support;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Passes every log record, ours and the libraries' (client libraries quote URLs with userinfo and
 * sometimes passwords in their own log lines and exceptions), through the {@link Redactor} before
 * a handler writes it. Installed on the console and file handlers ({@code quarkus.log.*.filter=redact}).
 */
@LoggingFilter(name = "redact")
public final class RedactingLogFilter implements Filter {
    private static final int MAX_CAUSES = 16;

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        String redacted = Redactor.redact(message);
        if (record instanceof ExtLogRecord ext) {
            ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
        } else {
            record.setMessage(redacted);
        }
        record.setParameters(null);
        if (record.getThrown() != null) {
            record.setThrown(redacted(record.getThrown(), 0));
        }
        return true;
    }

    /** The throwable itself when nothing in its chain needs masking, else a copy with masked messages and the same stack. */
    static Throwable redacted(Throwable t, int depth) {
        Throwable cause = t.getCause();
        Throwable redactedCause = cause == null || cause == t || depth >= MAX_CAUSES ? null : redacted(cause, depth + 1);
        String text = t.toString();
        String masked = Redactor.redact(text);
        if (masked.equals(text) && redactedCause == cause) {
            return t;
        }
        Throwable copy = new RedactedThrowable(masked, redactedCause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** Stands in for a throwable whose message held a secret; prints as the original's "Class: message", masked. */
    static final class RedactedThrowable extends RuntimeException {
        RedactedThrowable(String text, Throwable cause) {
            super(text, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
