package dev.batchapi.local.emr.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process of the operating system, as a data directory remembers it: its pid, and its start
 * instant, which tells it apart from a later process that was given the same pid.
 */
public record OsProcess(long pid, Instant start) {

    public OsProcess {
        Objects.requireNonNull(start, "start");
    }

    /** The process as it is now; empty when the system does not say when it started (it cannot be told apart later). */
    public static Optional<OsProcess> of(ProcessHandle process) {
        return process.info().startInstant().map(start -> new OsProcess(process.pid(), start));
    }

    /**
     * SIGKILL to the process's descendants, then to it: in that order because once it is gone, its
     * children are no longer its descendants, and nothing would find them any more.
     */
    public static void killTree(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Kills this process and its descendants if it still runs, and waits up to {@code wait} for it to
     * be gone. A process with this pid that started at another instant is someone else's: left alone.
     *
     * @return whether this process was found alive, and killed
     */
    public boolean killIfAlive(Duration wait) {
        Optional<ProcessHandle> alive = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().startInstant().equals(Optional.of(start)));
        alive.ifPresent(process -> {
            killTree(process);
            try {
                process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Killed with SIGKILL: it is gone as soon as the system reaps it, waited for or not.
            }
        });
        return alive.isPresent();
    }
}
