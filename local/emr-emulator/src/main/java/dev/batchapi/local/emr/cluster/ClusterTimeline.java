package dev.batchapi.local.emr.cluster;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** When a cluster was created, became ready to run steps and ended (EMR's ClusterTimeline). */
public record ClusterTimeline(Instant creation, Optional<Instant> ready, Optional<Instant> end) {

    public ClusterTimeline {
        Objects.requireNonNull(creation, "creation");
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(end, "end");
    }

    public static ClusterTimeline createdAt(Instant creation) {
        return new ClusterTimeline(creation, Optional.empty(), Optional.empty());
    }
}
