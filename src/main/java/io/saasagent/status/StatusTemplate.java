package io.saasagent.status;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.Variant;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The status page's template, parsed at the first request and not at start-up: the page is for people, the
 * start-up for every pod (issue 17). Values are escaped for HTML except what the model marks {@code .raw} (the
 * shipped CSS and script, and bars built from escaped parts); the model's records are read by reflection
 * ({@link StatusPage} registers them for the native image).
 */
final class StatusTemplate {
    private static final String RESOURCE = "status-page/status.html";

    private StatusTemplate() {
    }

    static String render(StatusPage page) {
        return Holder.PAGE.data("page", page).render();
    }

    /** Built once, by the first thread that renders (the class initialisation is the lock). */
    private static final class Holder {
        static final Template PAGE = Engine.builder()
                .addDefaults()
                .addValueResolver(ValueResolvers.rawResolver())
                .addValueResolver(new ReflectionValueResolver())
                .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
                .strictRendering(true)
                .build()
                .parse(source(), Variant.forContentType(Variant.TEXT_HTML));
    }

    private static String source() {
        try (InputStream in = StatusTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
