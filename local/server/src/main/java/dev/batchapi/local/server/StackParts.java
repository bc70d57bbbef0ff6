package dev.batchapi.local.server;

import dev.batchapi.telemetry.OpsLog;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the local stack has opened: the parts are closed newest first, each even if one before fails.
 * The stack opens inside {@link #open}; if that fails, what it opened is closed before the failure
 * goes on. A close that comes meanwhile (the shutdown hook, on a SIGTERM during start-up) waits for
 * the opening to end, so that nothing opens after the close and no step JVM started by the opening
 * outlives the stack.
 */
final class StackParts {

    /** Opens a whole, adding each part to {@code parts} as soon as it is open. */
    interface Opening<T> {

        T open(StackParts parts) throws IOException;
    }

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private boolean closed;

    /** Runs {@code opening}; if it throws, closes what it added, then throws that. Refused once the parts closed. */
    synchronized <T> T open(Opening<T> opening) throws IOException {
        if (closed) {
            throw new IllegalStateException("the local stack is stopping");
        }
        try {
            return opening.open(this);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code part} is open: it is closed with the others, before the ones added earlier. */
    synchronized <T extends AutoCloseable> T add(T part) {
        open.push(part);
        return part;
    }

    /**
     * Closes the parts still open, newest first, each even if one before fails.
     *
     * @return whether there was any to close: false once closed already (e.g. after a failed opening)
     */
    synchronized boolean close() {
        closed = true;
        boolean any = !open.isEmpty();
        while (!open.isEmpty()) {
            AutoCloseable part = open.pop();
            try {
                part.close();
            } catch (Exception e) {
                OpsLog.warn("local.stop.failed", e, "part", part.getClass().getSimpleName());
            }
        }
        return any;
    }
}
