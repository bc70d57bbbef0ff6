package dev.batchapi.local.emr.step;

import dev.batchapi.local.awsjson.DaemonThreads;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands step events to the listeners on one thread, in the order they were published. Events are
 * published under a cluster's lock and delivered after it, like EventBridge delivers EMR's events
 * asynchronously: a listener that calls the emulator back cannot deadlock it.
 */
public final class StepEventDispatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StepEventDispatcher.class.getName());

    private final List<StepListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreads.named("emr-step-events"));

    public void addListener(StepListener listener) {
        listeners.add(listener);
    }

    public void publish(StepEvent event) {
        try {
            thread.execute(() -> deliver(event));
        } catch (RejectedExecutionException closed) {
            // A step timer may still fire while the emulator shuts down; nobody listens any more.
            LOG.fine(() -> "dropped after close: " + event);
        }
    }

    private void deliver(StepEvent event) {
        for (StepListener listener : listeners) {
            try {
                listener.onStepStateChange(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "step listener failed on " + event, e);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
