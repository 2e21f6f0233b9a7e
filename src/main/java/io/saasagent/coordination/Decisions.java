package io.saasagent.coordination;

import io.saasagent.support.Redactor;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.stream.Collectors;

/** How a {@link Decision} reads in the log and in an Event: its message, then its evidence, redacted. */
public final class Decisions {
    private static final Logger LOG = Logger.getLogger("io.saasagent.coordination.decision");

    private Decisions() {
    }

    public static String describe(Decision d, int maxLength) {
        Map<String, Object> evidence = d.evidence() == null ? Map.of() : d.evidence();
        String facts = evidence.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        String text = Redactor.redact(facts.isEmpty() ? d.message() : d.message() + " [" + facts + "]");
        return text.length() <= maxLength ? text : text.substring(0, maxLength - 3) + "...";
    }

    /** The log line every coordinator writes for a decision. */
    public static void log(String identity, Decision d) {
        LOG.infof("decision %s by %s: %s", d.kind(), identity, describe(d, Integer.MAX_VALUE));
    }
}
