package io.saasagent.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Swaps sent at the same moment: each on its own thread, released together by a barrier; what each got. */
final class SwapRace {

    /** One swap's end: its change id, or what it threw. */
    record Outcome(String changeId, Throwable failure) {
        boolean won() {
            return failure == null;
        }
    }

    private SwapRace() {
    }

    static List<Outcome> run(List<Callable<String>> swaps) throws InterruptedException, TimeoutException {
        CyclicBarrier start = new CyclicBarrier(swaps.size());
        ExecutorService pool = Executors.newFixedThreadPool(swaps.size());
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (Callable<String> swap : swaps) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return swap.call();
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<String> f : futures) {
                try {
                    outcomes.add(new Outcome(f.get(20, TimeUnit.SECONDS), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome(null, e.getCause()));
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The index of the one swap that won; fails unless exactly one won and every other lost its compare-and-set. */
    static int exactlyOneWon(List<Outcome> outcomes) {
        List<Integer> won = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            if (o.won()) {
                won.add(i);
            } else if (!(o.failure() instanceof DnsException.CasLost)) {
                throw new AssertionError("swap " + i + " failed otherwise than by losing: " + o.failure(), o.failure());
            }
        }
        if (won.size() != 1) {
            throw new AssertionError("expected exactly one swap to land, " + won.size() + " did: " + outcomes);
        }
        return won.get(0);
    }
}
