package io.saasagent.coordination;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SingleAgentHostNameTest {
    @TempDir
    Path dir;

    @Test
    void podNameFirstThenHostnameThenTheKernelsNameThenLocal() throws Exception {
        Path kernel = Files.writeString(dir.resolve("hostname"), "node-7\n");
        assertEquals("api-1", SingleAgentCoordinator.hostName(Map.of("POD_NAME", "api-1", "HOSTNAME", "h")::get, kernel));
        assertEquals("h", SingleAgentCoordinator.hostName(Map.of("POD_NAME", " ", "HOSTNAME", " h ")::get, kernel));
        assertEquals("node-7", SingleAgentCoordinator.hostName(Map.<String, String>of()::get, kernel));
        assertEquals("local", SingleAgentCoordinator.hostName(Map.<String, String>of()::get, dir.resolve("missing")));
        assertEquals("local", SingleAgentCoordinator.hostName(Map.<String, String>of()::get,
                Files.writeString(dir.resolve("empty"), "\n")));
    }
}
