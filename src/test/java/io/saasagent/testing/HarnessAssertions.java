package io.saasagent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Assertions shared by the harness's own tests (cleanup and refusal checks). */
final class HarnessAssertions {

    private HarnessAssertions() {
    }

    /** Nothing listens on {@code 127.0.0.1:port}: a connect is refused. */
    static void assertRefused(int port) {
        assertThatThrownBy(() -> RawProbes.connect("127.0.0.1", port, Duration.ofSeconds(1)).close())
                .as("connect to 127.0.0.1:%d should be refused", port)
                .isInstanceOf(ConnectException.class);
    }

    /** The process tree is gone, the work dir deleted and the port closed. */
    static void assertCleanedUp(List<ProcessHandle> tree, Path workDir, int port) {
        Await.until(Duration.ofSeconds(5), "processes " + pids(tree) + " gone",
                () -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(Files.exists(workDir)).as("work dir %s deleted", workDir).isFalse();
        assertRefused(port);
    }

    /** The server process and its descendants, listed now. */
    static List<ProcessHandle> tree(PrivateServer<?> server) {
        ProcessHandle root = ProcessHandle.of(server.pid()).orElseThrow();
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants())
                .collect(Collectors.toList());
    }

    private static String pids(List<ProcessHandle> tree) {
        return tree.stream().map(h -> Long.toString(h.pid())).collect(Collectors.joining(","));
    }
}
