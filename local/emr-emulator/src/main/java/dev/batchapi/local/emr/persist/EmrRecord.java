package dev.batchapi.local.emr.persist;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.batchapi.local.emr.cluster.Cluster;
import dev.batchapi.local.emr.run.OsProcess;
import dev.batchapi.local.emr.step.Step;

/**
 * One line of the EMR data directory: the whole new value of a cluster or a step, or the process a
 * step runs in. Replaying a line again sets the same value, so a line replayed twice (a crash while
 * compacting) does no harm.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = EmrRecord.ClusterKept.class, name = "cluster"),
        @JsonSubTypes.Type(value = EmrRecord.StepKept.class, name = "step"),
        @JsonSubTypes.Type(value = EmrRecord.ProcessKept.class, name = "process")})
sealed interface EmrRecord {

    record ClusterKept(Cluster cluster) implements EmrRecord {
    }

    record StepKept(String clusterId, Step step) implements EmrRecord {
    }

    record ProcessKept(String clusterId, String stepId, OsProcess process) implements EmrRecord {
    }
}
