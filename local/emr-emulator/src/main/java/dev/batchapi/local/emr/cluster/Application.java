package dev.batchapi.local.emr.cluster;

import java.util.Objects;
import java.util.Optional;

/** An application installed on a cluster, e.g. Spark or Flink. */
public record Application(String name, Optional<String> version) {

    public Application {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    public static Application of(String name, String version) {
        return new Application(name, Optional.of(version));
    }
}
