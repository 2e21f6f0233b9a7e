package io.saasagent.probe;

import io.saasagent.support.Failures;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

/** Connects and closes: the dependency accepts connections, nothing more. */
final class TcpProbe implements Probe {
    private final ProbeTarget target;

    TcpProbe(ProbeTarget target) {
        this.target = target;
    }

    @Override
    public ProbeResult check() {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(Resolve.within(target.uri().getHost(), target.uri().getPort(), target.timeout()),
                    Resolve.remainingMillis(target.timeout(), start));
            return Latency.judge(target, Duration.ofNanos(System.nanoTime() - start), Map.of());
        } catch (IOException e) {
            return ProbeResult.down(Duration.ofNanos(System.nanoTime() - start), Failures.describe(e), Map.of(), target.clock().instant());
        }
    }
}
