package dev.batchapi.local.emr.cluster;

import dev.batchapi.local.emr.run.OsProcess;
import dev.batchapi.local.emr.step.Step;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster as a data directory keeps it: its value, every step in submission order, and the
 * processes of the steps that run.
 */
public record ClusterRecord(Cluster cluster, List<Step> steps, Map<String, OsProcess> processes) {

    public ClusterRecord {
        Objects.requireNonNull(cluster, "cluster");
        steps = List.copyOf(steps);
        processes = Map.copyOf(processes);
    }
}
