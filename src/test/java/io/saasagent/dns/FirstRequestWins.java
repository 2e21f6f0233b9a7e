package io.saasagent.dns;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A provider API that applies changes one at a time: the first request to a stub with {@link #NAME} gets the stub's
 * answer, every later one {@code lost} (the provider's "not as expected" error). A WireMock scenario's state is not
 * switched atomically with the match, so two requests at once could both see its first state: this decides under an
 * atomic flag instead.
 */
final class FirstRequestWins implements ResponseDefinitionTransformerV2 {
    static final String NAME = "first-request-wins";

    private final AtomicBoolean applied = new AtomicBoolean();
    private final ResponseDefinitionBuilder lost;

    FirstRequestWins(ResponseDefinitionBuilder lost) {
        this.lost = lost;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        return applied.compareAndSet(false, true) ? event.getResponseDefinition() : lost.build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
