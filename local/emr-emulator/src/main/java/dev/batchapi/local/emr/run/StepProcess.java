package dev.batchapi.local.emr.run;

import dev.batchapi.local.emr.step.StepCancellationOption;
import java.util.Optional;

/** A step's process as its runner started it. */
public interface StepProcess {

    /**
     * Asks the process to stop: SEND_INTERRUPT means SIGTERM, TERMINATE_PROCESS means SIGKILL.
     * Must return at once (it runs under the cluster's lock); once the process is gone, report
     * through the step's {@link StepCallback}. May be called again, with a harder option.
     */
    void interrupt(StepCancellationOption option);

    /**
     * The operating system's process that runs the step, if there is one: a persistent emulator
     * remembers it, so that a restart after a crash can kill it if it outlived the emulator.
     */
    default Optional<ProcessHandle> osProcess() {
        return Optional.empty();
    }
}
