package dev.batchapi.batch;

import java.util.List;
import java.util.Map;

/**
 * A create request as the caller sent it (fields of Kyuubi's BatchRequest), not yet validated.
 * Absent fields are null; conf and args are never null.
 */
public record BatchRequest(
        String batchType, String resource, String className, String name,
        Map<String, String> conf, List<String> args) {

    public BatchRequest {
        conf = conf == null ? Map.of() : Map.copyOf(conf);
        args = args == null ? List.of() : List.copyOf(args);
    }

    public BatchRequest withResource(String newResource) {
        return new BatchRequest(batchType, newResource, className, name, conf, args);
    }
}
