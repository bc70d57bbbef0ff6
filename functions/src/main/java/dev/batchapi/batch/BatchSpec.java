package dev.batchapi.batch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine is asked to run: the resource, its main class (null for PYSPARK), the engine conf
 * (reserved keys already consumed, keys named as the engine reads them) and the application's arguments.
 */
public record BatchSpec(String resource, String className, Map<String, String> conf, List<String> args) {

    public BatchSpec {
        Objects.requireNonNull(resource, "resource");
        conf = Map.copyOf(conf);
        args = List.copyOf(args);
    }

    public BatchSpec withResource(String newResource) {
        return new BatchSpec(newResource, className, conf, args);
    }

    /** Adds locations to a list-valued conf key the way Kyuubi does: after any value already there, comma-separated. */
    public BatchSpec withConfListed(String key, List<String> locations) {
        Map<String, String> newConf = new HashMap<>(conf);
        String listed = String.join(",", locations);
        String existing = conf.get(key);
        newConf.put(key, existing == null || existing.isBlank() ? listed : existing.trim() + "," + listed);
        return new BatchSpec(resource, className, newConf, args);
    }
}
