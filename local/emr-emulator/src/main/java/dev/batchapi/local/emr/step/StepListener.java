package dev.batchapi.local.emr.step;

/** Hears every step state change, in the order the changes happened. */
@FunctionalInterface
public interface StepListener {

    /**
     * Called on the emulator's single event thread, never under a cluster's lock, so a listener
     * may call the EMR API back (as our event function does with DescribeStep).
     */
    void onStepStateChange(StepEvent event);
}
