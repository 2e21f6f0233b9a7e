package io.saasagent.status;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.Variant;
import io.saasagent.support.Lazy;

import java.util.List;

/**
 * The status page's template, parsed at the first request and not at start-up: the page is for people, the
 * start-up for every pod (issue 17). Values are escaped for HTML except what the model marks {@code .raw} (the
 * shipped CSS and script, and bars built from escaped parts); the model's records are read by reflection
 * ({@link StatusPage} registers them for the native image).
 */
final class StatusTemplate {
    private static final Lazy<Template> PAGE = Lazy.of(() -> Engine.builder()
            .addDefaults()
            .addValueResolver(ValueResolvers.rawResolver())
            .addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .strictRendering(true)
            .build()
            .parse(PageAssets.resource("status-page/status.html"), Variant.forContentType(Variant.TEXT_HTML)));

    private StatusTemplate() {
    }

    static String render(StatusPage page) {
        return PAGE.get().data("page", page).render();
    }
}
