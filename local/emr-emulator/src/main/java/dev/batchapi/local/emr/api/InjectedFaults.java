package dev.batchapi.local.emr.api;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The errors tests asked for, per operation, answered in the order they were asked for. */
public final class InjectedFaults {

    private final Map<EmrOperation, Queue<EmrFault>> due = new ConcurrentHashMap<>();

    /** The next {@code calls} calls of {@code operation} fail with {@code fault}, after any asked for before. */
    public void failNext(EmrOperation operation, int calls, EmrFault fault) {
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be at least 1, not " + calls);
        }
        Queue<EmrFault> faults = due.computeIfAbsent(operation, unused -> new ConcurrentLinkedQueue<>());
        for (int i = 0; i < calls; i++) {
            faults.add(fault);
        }
    }

    void throwIfDue(EmrOperation operation) {
        Queue<EmrFault> faults = due.get(operation);
        EmrFault fault = faults == null ? null : faults.poll();
        if (fault != null) {
            throw fault.toException();
        }
    }
}
