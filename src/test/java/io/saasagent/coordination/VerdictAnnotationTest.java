package io.saasagent.coordination;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictAnnotationTest {

    @Test
    void roundTripsAsSmallJson() {
        Verdict v = new Verdict("agent-1", List.of("health_check_failure"), List.of("redis", "nats"), Instant.parse("2030-01-01T00:00:00Z"));
        String json = VerdictAnnotation.encode(v);
        assertThat(json).isEqualTo("{\"failures\":[\"health_check_failure\"],\"down\":[\"redis\",\"nats\"],\"at\":\"2030-01-01T00:00:00Z\"}");
        assertThat(VerdictAnnotation.decode("agent-1", json)).contains(v);
    }

    @Test
    void alertRulesOnSharedDependenciesRoundTripToo() {
        Verdict v = new Verdict("agent-1", List.of(), List.of(), List.of("credentials_rejected"), Instant.parse("2030-01-01T00:00:00Z"));
        String json = VerdictAnnotation.encode(v);
        assertThat(json).isEqualTo("{\"failures\":[],\"down\":[],\"alerts\":[\"credentials_rejected\"],\"at\":\"2030-01-01T00:00:00Z\"}");
        assertThat(VerdictAnnotation.decode("agent-1", json)).contains(v);
    }

    @Test
    void aMalformedAnnotationIsNoVerdictNotAnException() {
        assertThat(VerdictAnnotation.decode("a", "{not json")).isEmpty();
        assertThat(VerdictAnnotation.decode("a", "{\"failures\":[\"x\"]}")).isEmpty();
        assertThat(VerdictAnnotation.decode("a", "{\"failures\":[\"x\"],\"at\":\"yesterday\"}")).isEmpty();
        assertThat(VerdictAnnotation.decode("a", null)).isEmpty();
        assertThat(VerdictAnnotation.decode("a", "{\"at\":\"2030-01-01T00:00:00Z\"}")).get()
                .extracting(Verdict::failures).isEqualTo(List.of());
    }
}
