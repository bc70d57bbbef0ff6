package dev.batchapi.local.awsjson;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The faults tests asked for, per operation, answered in the order they were asked for. */
final class InjectedFaults {

    private final Map<String, Queue<AwsFault>> due = new ConcurrentHashMap<>();

    void failNext(String operation, int calls, AwsFault fault) {
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be at least 1, not " + calls);
        }
        Queue<AwsFault> faults = due.computeIfAbsent(operation, unused -> new ConcurrentLinkedQueue<>());
        for (int i = 0; i < calls; i++) {
            faults.add(fault);
        }
    }

    void throwIfDue(String operation) {
        Queue<AwsFault> faults = due.get(operation);
        AwsFault fault = faults == null ? null : faults.poll();
        if (fault != null) {
            throw fault.toException();
        }
    }
}
