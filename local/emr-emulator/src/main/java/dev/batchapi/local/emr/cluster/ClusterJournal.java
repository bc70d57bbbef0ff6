package dev.batchapi.local.emr.cluster;

import dev.batchapi.local.emr.run.OsProcess;
import dev.batchapi.local.emr.step.Step;
import java.util.List;

/**
 * Where the clusters' changes are kept: nowhere for an emulator in memory, a data directory for a
 * persistent one. Each change is recorded before it is made, under the cluster's lock, so nothing
 * anyone was told is lost; a step is recorded RUNNING before its process starts, so that a crash
 * can never make it run twice.
 */
public interface ClusterJournal extends AutoCloseable {

    ClusterJournal NONE = new ClusterJournal() {
        @Override
        public void clusterChanged(Cluster cluster) {
        }

        @Override
        public void stepChanged(String clusterId, Step step) {
        }

        @Override
        public void processStarted(String clusterId, String stepId, OsProcess process) {
        }

        @Override
        public void compact(List<ClusterRecord> clusters) {
        }

        @Override
        public void close() {
        }
    };

    /** A cluster was made, or changed: its whole new value. */
    void clusterChanged(Cluster cluster);

    /** A step was added, or changed: its whole new value. */
    void stepChanged(String clusterId, Step step);

    /** A running step's process, to be killed after a crash if it outlived the emulator. */
    void processStarted(String clusterId, String stepId, OsProcess process);

    /** Replaces everything recorded so far with these clusters. */
    void compact(List<ClusterRecord> clusters);

    @Override
    void close();
}
