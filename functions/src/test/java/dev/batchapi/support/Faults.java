package dev.batchapi.support;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Opens the windows of the design on purpose, at the next AWS call that matches: the function's
 * process dies just before it ({@link #crashBefore}), or another request lands just before it
 * ({@link #interleaveBefore}). One-shot: later calls go through.
 */
public final class Faults implements ExecutionInterceptor {

    private final AtomicReference<Trap> armed = new AtomicReference<>();

    private record Trap(Predicate<SdkRequest> call, Runnable action) {
    }

    public void crashBefore(Predicate<SdkRequest> call) {
        armed.set(new Trap(call, () -> {
            throw new SimulatedCrash();
        }));
    }

    /** Runs {@code action} (e.g. a kill through another function instance) just before the call. */
    public void interleaveBefore(Predicate<SdkRequest> call, Runnable action) {
        armed.set(new Trap(call, action));
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Trap trap = armed.get();
        if (trap != null && trap.call().test(context.request()) && armed.compareAndSet(trap, null)) {
            trap.action().run();
        }
    }

    public static final class SimulatedCrash extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash");
        }
    }
}
