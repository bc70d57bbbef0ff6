package dev.batchapi.batch;

import java.util.List;

/** Where the batches' state changes are announced, one event each (EventBridge in a deployment). */
public interface StateChangeEvents {

    /**
     * Announces the changes, in order.
     *
     * @return how many of them, from the first on, were taken; fewer than all when the rest must be
     *     announced again (the first one not taken and every one after it)
     */
    int publish(List<StateChange> changes);
}
