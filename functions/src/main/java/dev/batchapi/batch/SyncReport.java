package dev.batchapi.batch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scheduled run did: the active batches it read, on how many clusters, how many it changed,
 * how many it could not look at (a fault, logged) and how many it left for the next run (time).
 */
public record SyncReport(int active, int clusters, int changed, int failed, int leftForNextRun) {

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("active", active);
        json.put("clusters", clusters);
        json.put("changed", changed);
        json.put("failed", failed);
        json.put("leftForNextRun", leftForNextRun);
        return json;
    }
}
