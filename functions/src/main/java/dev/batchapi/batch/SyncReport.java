package dev.batchapi.batch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scheduled run did: the active batches it read, how many clusters it looked at (those with
 * an active or a queued batch), how many batches it changed, how many it could not look at (a fault,
 * logged), how many it left for the next run (time) and how many queued batches it dispatched.
 */
public record SyncReport(int active, int clusters, int changed, int failed, int leftForNextRun, int dispatched) {

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("active", active);
        json.put("clusters", clusters);
        json.put("changed", changed);
        json.put("failed", failed);
        json.put("leftForNextRun", leftForNextRun);
        json.put("dispatched", dispatched);
        return json;
    }
}
