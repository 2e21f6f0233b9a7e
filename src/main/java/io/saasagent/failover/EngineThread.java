package io.saasagent.failover;

import io.saasagent.failover.control.ControlAnswer;
import io.saasagent.state.DependencyEvent;
import io.saasagent.support.Failures;
import io.saasagent.support.Redactor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The failover engine's own thread: probe threads only hand their result over (coalesced in a
 * {@link ProbeInbox}), a tick runs every second, and an operator's call gets the truth within
 * {@link #CONTROL_ANSWER_WITHIN}: done, refused, queued (only when the request is in the record),
 * or that it could not be answered in time, never a 202 for something nobody queued.
 */
public final class EngineThread implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EngineThread.class);
    /** An operator's call answers within 2 s, whatever the Kubernetes API does. */
    public static final Duration CONTROL_ANSWER_WITHIN = Duration.ofMillis(1500);

    private final FailoverEngine engine;
    private final ScheduledExecutorService executor;
    private final ProbeInbox inbox = new ProbeInbox();

    public EngineThread(FailoverEngine engine, String name) {
        this.engine = engine;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public EngineThread ticking(Duration every) {
        executor.scheduleWithFixedDelay(() -> run(engine::tick), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public FailoverEngine engine() {
        return engine;
    }

    public ProbeInbox inbox() {
        return inbox;
    }

    /** A probe thread's hand-over: never waits for the engine. */
    public void onEvent(DependencyEvent event) {
        if (event.kind() == DependencyEvent.Kind.PROBED && inbox.offer(event.current())) {
            execute(() -> inbox.drain().forEach(engine::onProbe));
        }
    }

    /** Runs on the engine's thread without waiting (a note, a link). */
    public void execute(Runnable step) {
        try {
            executor.execute(() -> run(step));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Runs an operator's call on the engine's thread; its answer, or the truth about it, within 2 s. */
    public ControlAnswer control(String action, String actor) {
        Future<ControlAnswer> answer = executor.submit(() -> engine.control(action, actor));
        try {
            return answer.get(CONTROL_ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException te) {
            if (answer.cancel(false)) {
                return ControlAnswer.unanswered(action, "not carried out and not queued: the failover engine did not get to it within "
                        + CONTROL_ANSWER_WITHIN.toMillis() + " ms (busy with its record or lease: " + why() + "); try again", engine.state());
            }
            return ControlAnswer.unanswered(action, "no answer within " + CONTROL_ANSWER_WITHIN.toMillis()
                    + " ms: the call is still running (a DNS or record write) and may yet be done or queued; see GET /failover before retrying",
                    engine.state());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return ControlAnswer.unanswered(action, "interrupted", engine.state());
        } catch (ExecutionException ee) {
            return new ControlAnswer(action, false, false, Redactor.redact(Failures.describe(ee.getCause())), engine.state(), null, null);
        }
    }

    private String why() {
        Object problem = engine.view().get("fleet") instanceof java.util.Map<?, ?> f ? f.get("record_problem") : null;
        return problem == null ? "no problem recorded yet" : String.valueOf(problem);
    }

    /** The engine's thread must survive any bug in one step (the engine's own StepGuard records it; this is the last net). */
    private static void run(Runnable step) {
        try {
            step.run();
        } catch (Throwable e) { // an Error thrown out of a scheduled task would cancel every later tick
            LOG.errorf("failover step failed: %s", Redactor.redact(Failures.describe(e)));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
