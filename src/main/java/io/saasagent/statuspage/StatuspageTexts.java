package io.saasagent.statuspage;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The texts posted to Statuspage, as Qute templates: the shipped ones (the runbook's "Service Degradation -
 * Failover in Progress" and "Service Restored") unless agent.statuspage.templates names a directory holding
 * a file of the same name. A first line {@code Title: ...} names the incident. Parsed once at start-up: a
 * template that does not parse stops the agent with one line naming the key and the file.
 */
final class StatuspageTexts {
    /** The four moments of an incident, each one file. */
    enum Kind {
        FAILOVER("failover.txt"), UPDATE("update.txt"), MONITORING("monitoring.txt"), RESOLVED("resolved.txt");

        final String file;

        Kind(String file) {
            this.file = file;
        }
    }

    /** A rendered text: {@code title} null when the template has no Title line. */
    record Text(String title, String body) {
    }

    private static final String TITLE = "Title:";
    private final Map<Kind, Template> templates = new EnumMap<>(Kind.class);

    /** @throws IllegalArgumentException "agent.statuspage.templates: <file>: <problem>" */
    StatuspageTexts(String directory) {
        Engine engine = Engine.builder().addDefaults().build();
        for (Kind kind : Kind.values()) {
            Path own = directory == null ? null : Path.of(directory, kind.file);
            String source = own != null && Files.isRegularFile(own) ? read(own) : shipped(kind.file);
            try {
                templates.put(kind, engine.parse(source));
            } catch (TemplateException e) {
                throw new IllegalArgumentException("agent.statuspage.templates: " + (own != null && Files.isRegularFile(own) ? own : kind.file)
                        + ": " + e.getMessage());
            }
        }
    }

    Text render(Kind kind, Map<String, Object> data) {
        String text = templates.get(kind).render(data).strip();
        if (text.startsWith(TITLE)) {
            int end = text.indexOf('\n');
            String title = (end < 0 ? text.substring(TITLE.length()) : text.substring(TITLE.length(), end)).strip();
            return new Text(title.isEmpty() ? null : title, end < 0 ? "" : text.substring(end + 1).strip());
        }
        return new Text(null, text);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("agent.statuspage.templates: " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String shipped(String file) {
        try (InputStream in = StatuspageTexts.class.getClassLoader().getResourceAsStream("statuspage/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource statuspage/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
