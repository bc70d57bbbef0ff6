package dev.batchapi.batch;

import java.util.List;
import java.util.Map;

/**
 * A create request as the caller sent it (fields of Kyuubi's BatchRequest), not yet validated.
 * Absent fields are null; conf, args and extraResources are never null.
 *
 * @param extraResources Kyuubi's {@code extraResourcesMap}: for a conf key, the comma-separated names
 *     of files uploaded with the request whose locations that key lists
 */
public record BatchRequest(
        String batchType, String resource, String className, String name,
        Map<String, String> conf, List<String> args, Map<String, String> extraResources) {

    public BatchRequest {
        conf = conf == null ? Map.of() : Map.copyOf(conf);
        args = args == null ? List.of() : List.copyOf(args);
        extraResources = extraResources == null ? Map.of() : Map.copyOf(extraResources);
    }

    /** A request without extra resources. */
    public BatchRequest(String batchType, String resource, String className, String name,
            Map<String, String> conf, List<String> args) {
        this(batchType, resource, className, name, conf, args, Map.of());
    }

    public BatchRequest withResource(String newResource) {
        return new BatchRequest(batchType, newResource, className, name, conf, args, extraResources);
    }
}
