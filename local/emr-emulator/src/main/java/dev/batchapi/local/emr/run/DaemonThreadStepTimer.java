package dev.batchapi.local.emr.run;

import dev.batchapi.local.awsjson.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The timer the emulator runs on: one thread for every script, so no thread waits per step. */
final class DaemonThreadStepTimer implements StepTimer {

    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("emr-step-scripts"));

    @Override
    public void schedule(Duration delay, Runnable action) {
        executor.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
