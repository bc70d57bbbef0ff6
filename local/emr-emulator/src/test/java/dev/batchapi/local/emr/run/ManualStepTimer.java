package dev.batchapi.local.emr.run;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A {@link StepTimer} whose time moves only when the test says: scripted steps end exactly when the
 * test wants, on the test's own thread, with no waiting.
 */
public final class ManualStepTimer implements StepTimer {

    private final PriorityQueue<Scheduled> pending =
            new PriorityQueue<>(Comparator.comparing(Scheduled::due).thenComparingLong(Scheduled::order));
    private Duration now = Duration.ZERO;
    private long scheduled;

    @Override
    public synchronized void schedule(Duration delay, Runnable action) {
        pending.add(new Scheduled(now.plus(delay), scheduled++, action));
    }

    /**
     * Moves time on by {@code elapsed}, running every action due by then in the order they fall due,
     * those they schedule included.
     */
    public void advance(Duration elapsed) {
        Duration until;
        synchronized (this) {
            until = now.plus(elapsed);
        }
        for (Scheduled next = takeDue(until); next != null; next = takeDue(until)) {
            // Outside the lock: the action reports to a cluster, whose lock a call may hold while it schedules.
            next.action().run();
        }
    }

    /** Runs what is due now, such as the stop of a step that stops as soon as it is interrupted. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    @Override
    public synchronized void close() {
        pending.clear();
    }

    private synchronized Scheduled takeDue(Duration until) {
        Scheduled next = pending.peek();
        if (next == null || next.due().compareTo(until) > 0) {
            now = until;
            return null;
        }
        now = next.due();
        return pending.poll();
    }

    private record Scheduled(Duration due, long order, Runnable action) {
    }
}
