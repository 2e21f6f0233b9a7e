package io.saasagent.packaging;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap cap baked into the native executable and the agent container's memory in the Kustomize component are one
 * decision (docs/benchmarks.md#footprint): the container must hold the binary's own pages plus a heap grown to its
 * cap, else the kernel kills the pod where the agent would have reported an OutOfMemoryError.
 */
class MemorySizingTest {
    private static final long MIB = 1024 * 1024;
    /** The executable's own resident pages and native memory, outside the Java heap: measured 65-67 MiB idle. */
    private static final long OUTSIDE_HEAP_MIB = 60;
    private static final Pattern SIZE = Pattern.compile("-R:(MaxHeapSize|MaxNewSize)=(\\d+)([kmg])");

    @Test
    void theContainerLimitHoldsTheBinaryAndAHeapGrownToItsCap() throws IOException {
        Properties app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        String args = app.getProperty("quarkus.native.additional-build-args", "");
        long heap = size(args, "MaxHeapSize");
        long young = size(args, "MaxNewSize");
        assertThat(heap).as("-R:MaxHeapSize in quarkus.native.additional-build-args").isPositive();
        assertThat(young).as("-R:MaxNewSize (young generation) below the heap cap").isPositive().isLessThan(heap);
        assertThat(args).as("size-optimised build").contains("-Os");

        PodTemplate template;
        try (InputStream in = Files.newInputStream(Path.of("k8s/components/saas-agent/agent-container.yaml"))) {
            template = Serialization.unmarshal(in, PodTemplate.class);
        }
        Container agent = template.getTemplate().getSpec().getContainers().get(0);
        long request = bytes(agent.getResources().getRequests().get("memory"));
        long limit = bytes(agent.getResources().getLimits().get("memory"));
        assertThat(limit).as("memory limit >= request").isGreaterThanOrEqualTo(request);
        assertThat(limit).as("memory limit holds the binary (%d MiB) and the heap cap (%d MiB)", OUTSIDE_HEAP_MIB, heap / MIB)
                .isGreaterThanOrEqualTo(OUTSIDE_HEAP_MIB * MIB + heap);
        assertThat(request).as("memory request holds the binary and the young generation").isGreaterThanOrEqualTo(OUTSIDE_HEAP_MIB * MIB + young);
    }

    private static long size(String args, String option) {
        Matcher m = SIZE.matcher(args);
        while (m.find()) {
            if (m.group(1).equals(option)) {
                long unit = switch (m.group(3)) {
                    case "k" -> 1024L;
                    case "m" -> MIB;
                    default -> 1024 * MIB;
                };
                return Long.parseLong(m.group(2)) * unit;
            }
        }
        return -1;
    }

    private static long bytes(Quantity q) {
        BigDecimal b = Quantity.getAmountInBytes(q);
        return b.longValueExact();
    }
}
