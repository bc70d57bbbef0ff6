package dev.batchapi.local.emr.run;

/**
 * Runs the steps the emulator starts. The emulator decides when a step starts (in submission order,
 * at most StepConcurrencyLevel at once) and what its state is; the runner only runs the process
 * and says how it ended. {@link ScriptedStepRunner} plays steps for tests; the local stack plugs in
 * {@link CommandRunnerStepRunner}, which really runs spark-submit and flink.
 */
public interface StepRunner extends AutoCloseable {

    /**
     * Starts the step; it is RUNNING from now on. Must return at once (it runs under the cluster's
     * lock) and report the end through {@code callback}, later and from another thread. If it
     * throws, the step FAILED to start.
     */
    StepProcess start(StepLaunch launch, StepCallback callback);

    /**
     * A step that ran when a persistent emulator last stopped is over: its process, if it outlived
     * that run, was just killed. The runner deletes what that process kept apart from the step's
     * logs, which no one else would. Must return at once, as {@link #start} must.
     */
    default void leftBehind(StepLaunch launch) {
    }

    /** Stops whatever still runs; the emulator calls it when it closes. */
    @Override
    default void close() {
    }
}
