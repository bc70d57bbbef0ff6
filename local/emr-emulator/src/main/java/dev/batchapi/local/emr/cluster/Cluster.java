package dev.batchapi.local.emr.cluster;

import java.util.Objects;

/** A cluster as it stands at one moment: what it was made with, and its status. Immutable. */
public record Cluster(String id, String arn, ClusterSpec spec, ClusterStatus status) {

    public Cluster {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
    }

    public String name() {
        return spec.name();
    }

    public ClusterState state() {
        return status.state();
    }

    public Cluster withStatus(ClusterStatus changed) {
        return new Cluster(id, arn, spec, changed);
    }

    public Cluster withSpec(ClusterSpec changed) {
        return new Cluster(id, arn, changed, status);
    }
}
