package io.saasagent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault-injecting TCP proxy listening on {@code 127.0.0.1:<free port>} in front of any
 * {@code host:port}, switchable at runtime between {@link Mode modes}, with optional per-chunk
 * {@linkplain #latency(Duration) latency} and {@linkplain #flap(Duration, Duration) flapping}.
 *
 * <p>Why: the agent's probes, circuit breakers and failover must be tested against the network
 * failures they exist for (refused, reset, silent, slow, intermittent), which real servers cannot be
 * made to produce on demand. Plain blocking sockets with one daemon thread per direction keep it
 * simple; everything is released by {@link #close()}.
 *
 * <p>Mode effects, on new and on existing connections:
 * <ul>
 *   <li>{@link Mode#PASS}: forwards both ways; connections stalled by BLACKHOLE resume without loss.
 *   <li>{@link Mode#REFUSE}: the listening socket is closed, so connects get "connection refused"
 *       from the moment {@link #set(Mode)} returns; existing connections are reset (as when the server
 *       dies). Leaving REFUSE rebinds the same port.
 *   <li>{@link Mode#RESET}: existing connections get a TCP RST (SO_LINGER 0 then close) on both
 *       sides; new ones are accepted and reset at once.
 *   <li>{@link Mode#BLACKHOLE}: new connections are accepted, read and discarded, never answered
 *       (and stay so even after PASS, until closed or reset); existing connections stop forwarding in both directions — data
 *       already read is held and delivered if the mode returns to PASS, like a healed partition.
 * </ul>
 * An upstream that refuses or resets is passed on to the client as a reset.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does with connections; see the class comment. */
    public enum Mode { PASS, REFUSE, RESET, BLACKHOLE }

    private static final String HOST = "127.0.0.1";
    private static final Duration UPSTREAM_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(5);

    private final InetSocketAddress target;
    private final int port;
    private final Object lock = new Object();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final ScheduledExecutorService scheduler;
    private final Thread acceptor;

    private volatile Mode mode = Mode.PASS;
    private volatile long latencyNanos;
    /* guarded by lock */
    private ServerSocket listener;
    /* guarded by lock: the listener the acceptor thread is blocked on, if any */
    private ServerSocket accepting;
    private boolean closed;
    private long flapGeneration;
    private boolean flapping;

    /** Starts a proxy in {@link Mode#PASS} on a free loopback port, forwarding to {@code targetHost:targetPort}. */
    public FaultProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(Objects.requireNonNull(targetHost, "targetHost"), targetPort);
        this.listener = bindWithRetry(0);
        this.port = listener.getLocalPort();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fault-proxy-" + port + "-flap"));
        this.acceptor = daemon(this::acceptLoop, "fault-proxy-" + port + "-accept");
        acceptor.start();
    }

    /** Starts a proxy in front of {@code 127.0.0.1:targetPort}. */
    public static FaultProxy to(int targetPort) {
        return new FaultProxy(HOST, targetPort);
    }

    /** The proxy's own host, always {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    /** The proxy's own port (stable across REFUSE and back). */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, handy for URLs such as {@code "redis://" + proxy.hostPort()}. */
    public String hostPort() {
        return HOST + ":" + port;
    }

    /** The address connections are forwarded to. */
    public InetSocketAddress target() {
        return target;
    }

    /** The current mode. */
    public Mode mode() {
        return mode;
    }

    /** Connections accepted since start (all modes; a refused connect is never accepted). */
    public int connectionCount() {
        return accepted.get();
    }

    /** Connections currently held open by the proxy (forwarding, stalled or blackholed). */
    public int openConnections() {
        return links.size();
    }

    /** Switches to {@code newMode} at once (stopping any flapping) and applies it to existing connections. */
    public FaultProxy set(Mode newMode) {
        synchronized (lock) {
            stopFlappingLocked();
            apply(newMode);
        }
        return this;
    }

    /** Adds {@code delay} before each chunk forwarded, in both directions, on new and existing connections. */
    public FaultProxy latency(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative latency " + delay);
        }
        latencyNanos = delay.toNanos();
        return this;
    }

    /** The configured per-chunk latency. */
    public Duration latency() {
        return Duration.ofNanos(latencyNanos);
    }

    /** Alternates PASS for {@code up} and REFUSE for {@code down}, starting with PASS now. */
    public FaultProxy flap(Duration up, Duration down) {
        return flap(up, down, Mode.REFUSE);
    }

    /**
     * Alternates PASS for {@code up} and {@code downMode} for {@code down}, starting with PASS now,
     * until {@link #stopFlapping()}, {@link #set(Mode)} or {@link #close()}. Driven by a scheduler on
     * the monotonic clock, so it does not depend on any injected {@link java.time.Clock}.
     */
    public FaultProxy flap(Duration up, Duration down, Mode downMode) {
        if (downMode == Mode.PASS) {
            throw new IllegalArgumentException("downMode must not be PASS");
        }
        if (up.isNegative() || up.isZero() || down.isNegative() || down.isZero()) {
            throw new IllegalArgumentException("up and down must be positive");
        }
        synchronized (lock) {
            stopFlappingLocked();
            apply(Mode.PASS);
            flapping = true;
            scheduleFlap(++flapGeneration, downMode, up, up, down, downMode);
        }
        return this;
    }

    /** Stops flapping, leaving the current mode as it is. */
    public FaultProxy stopFlapping() {
        synchronized (lock) {
            stopFlappingLocked();
        }
        return this;
    }

    /** Whether a flap schedule is running. */
    public boolean isFlapping() {
        synchronized (lock) {
            return flapping;
        }
    }

    /** Stops flapping, closes the listener and every connection, and ends all proxy threads. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopFlappingLocked();
            closeListener();
            links.forEach(Link::abort);
            lock.notifyAll();
        }
        scheduler.shutdownNow();
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + hostPort() + " -> " + target.getHostString() + ":" + target.getPort() + ", " + mode
                + (latencyNanos > 0 ? ", latency " + latency().toMillis() + " ms" : "") + "]";
    }

    // ---------------------------------------------------------------------------------------------

    private void scheduleFlap(long generation, Mode next, Duration after, Duration up, Duration down, Mode downMode) {
        scheduler.schedule(() -> {
            synchronized (lock) {
                if (closed || generation != flapGeneration) {
                    return;
                }
                apply(next);
                boolean goingDown = next != Mode.PASS;
                scheduleFlap(generation, goingDown ? Mode.PASS : downMode, goingDown ? down : up, up, down, downMode);
            }
        }, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void stopFlappingLocked() {
        flapGeneration++;
        flapping = false;
    }

    /** Applies a mode; caller holds {@link #lock}. */
    private void apply(Mode newMode) {
        Objects.requireNonNull(newMode, "mode");
        if (closed) {
            throw new IllegalStateException("proxy closed: " + this);
        }
        mode = newMode;
        if (newMode == Mode.REFUSE) {
            ServerSocket old = listener;
            closeListener();
            awaitAcceptorLeft(old);
        } else if (listener == null) {
            listener = bindWithRetry(port);
        }
        if (newMode == Mode.REFUSE || newMode == Mode.RESET) {
            links.forEach(Link::abort);
        }
        lock.notifyAll();
    }

    /**
     * A thread blocked in accept() keeps the kernel socket listening (and queueing connections that
     * are then reset) until the syscall returns, even after close(). To make REFUSE really refuse from
     * the moment {@link #set(Mode)} returns, wait until the acceptor has left accept(); bounded.
     * Caller holds {@link #lock}.
     */
    private void awaitAcceptorLeft(ServerSocket closed) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (closed != null && accepting == closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void closeListener() {
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            listener = null;
        }
    }

    private static ServerSocket bindWithRetry(int port) {
        long deadline = System.nanoTime() + REBIND_TIMEOUT.toNanos();
        while (true) {
            ServerSocket socket = null;
            try {
                socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                if (port == 0 || System.nanoTime() - deadline > 0) {
                    throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
                }
                try {
                    Thread.sleep(20); // another socket briefly holds the port: retry, bounded
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException("interrupted rebinding 127.0.0.1:" + port, e);
                }
            }
        }
    }

    private void acceptLoop() {
        while (true) {
            ServerSocket socket;
            synchronized (lock) {
                while (!closed && listener == null) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                socket = listener;
                accepting = socket;
            }
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                continue; // listener closed by REFUSE or close(): loop decides
            } finally {
                synchronized (lock) {
                    accepting = null;
                    lock.notifyAll();
                }
            }
            accepted.incrementAndGet();
            handle(client);
        }
    }

    private void handle(Socket client) {
        Link link = new Link(client);
        Mode current;
        synchronized (lock) {
            current = closed ? Mode.RESET : mode;
            if (current == Mode.PASS || current == Mode.BLACKHOLE) {
                links.add(link); // registered under the lock, so a later mode switch always sees it
            }
        }
        switch (current) {
            case PASS:
                spawn(link::connectAndForward, "fault-proxy-" + port + "-up");
                break;
            case BLACKHOLE:
                spawn(link::discard, "fault-proxy-" + port + "-blackhole");
                break;
            default:
                link.abort(); // REFUSE (race with listener close) or RESET
        }
    }

    private void spawn(Runnable body, String name) {
        daemon(body, name).start();
    }

    private Thread daemon(Runnable body, String name) {
        Thread[] self = new Thread[1];
        self[0] = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(self[0]);
            }
        }, name);
        self[0].setDaemon(true);
        threads.add(self[0]);
        return self[0];
    }

    /** Blocks while BLACKHOLE; returns false when the link or proxy is closed. */
    private boolean awaitForwarding(Link link) throws InterruptedException {
        synchronized (lock) {
            while (mode == Mode.BLACKHOLE && !link.closed && !closed) {
                lock.wait();
            }
            return !link.closed && !closed;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    /** One client connection and, when forwarding, its upstream connection. */
    private final class Link {
        private final Socket client;
        private Socket upstream; // guarded by this
        private volatile boolean closed;
        private final AtomicInteger pumpsDone = new AtomicInteger();

        Link(Socket client) {
            this.client = client;
        }

        void connectAndForward() {
            Socket up = new Socket();
            try {
                up.connect(target, (int) UPSTREAM_CONNECT_TIMEOUT.toMillis());
                up.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(up);
                abort(); // upstream refused or unreachable: the client sees a reset
                return;
            }
            synchronized (this) {
                if (closed) {
                    closeQuietly(up);
                    return;
                }
                upstream = up;
            }
            spawn(() -> pump(up, client), "fault-proxy-" + port + "-down");
            pump(client, up);
        }

        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        to.shutdownOutput(); // pass the half-close on
                        break;
                    }
                    if (!awaitForwarding(this)) {
                        return;
                    }
                    long delay = latencyNanos;
                    if (delay > 0) {
                        TimeUnit.NANOSECONDS.sleep(delay);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                if (pumpsDone.incrementAndGet() == 2) {
                    close();
                }
            } catch (IOException e) {
                abort(); // a reset on one side becomes a reset on the other
            } catch (InterruptedException e) {
                abort();
            }
        }

        void discard() {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = client.getInputStream();
                while (in.read(buffer) >= 0) {
                    // read and discard: never answer
                }
                close();
            } catch (IOException e) {
                abort();
            }
        }

        void abort() {
            Socket up;
            synchronized (this) {
                closed = true;
                up = upstream;
            }
            reset(client);
            reset(up);
            forget();
        }

        void close() {
            Socket up;
            synchronized (this) {
                closed = true;
                up = upstream;
            }
            closeQuietly(client);
            closeQuietly(up);
            forget();
        }

        private void forget() {
            links.remove(this);
            synchronized (lock) {
                lock.notifyAll(); // wake a pump stalled in BLACKHOLE
            }
        }

        private void reset(Socket socket) {
            if (socket == null) {
                return;
            }
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // already closed
            }
            closeQuietly(socket);
        }
    }
}
