package io.saasagent.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
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
            socket.connect(new InetSocketAddress(target.uri().getHost(), target.uri().getPort()),
                    (int) target.timeout().toMillis());
            return Latency.judge(target, Duration.ofNanos(System.nanoTime() - start), Map.of());
        } catch (IOException e) {
            return ProbeResult.down(Duration.ofNanos(System.nanoTime() - start), Failures.describe(e), Map.of(), target.clock().instant());
        }
    }
}
