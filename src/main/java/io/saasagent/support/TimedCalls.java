package io.saasagent.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls that must not hold their caller longer than a bound (the failover engine's reads of its record and
 * lease through a Kubernetes API that may be blackholed: accepts, never answers). Each runs on a small pool
 * of its own; a call that has not answered in time is abandoned to finish in the background (bounded by the
 * client's own timeout), and when every thread is still held by such calls a new one fails at once.
 */
public final class TimedCalls implements AutoCloseable {

    /** The call did not answer within its bound, or could not start; the message is safe to show. */
    public static final class Late extends Exception {
        public Late(String message) {
            super(message, null, false, false);
        }
    }

    private final Duration bound;
    private final ThreadPoolExecutor pool;

    public TimedCalls(String name, Duration bound, int threads) {
        this.bound = bound;
        this.pool = new ThreadPoolExecutor(0, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public Duration bound() {
        return bound;
    }

    /** The call's result, or its own exception; {@link Late} when it did not answer within the bound. */
    public <T> T call(Callable<T> call) throws Exception {
        Future<T> f;
        try {
            f = pool.submit(call);
        } catch (RejectedExecutionException e) {
            throw new Late("earlier calls are still waiting for an answer");
        }
        try {
            return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new Late("no answer within " + bound.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Late("interrupted");
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
