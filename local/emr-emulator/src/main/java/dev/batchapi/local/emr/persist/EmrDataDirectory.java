package dev.batchapi.local.emr.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.batchapi.local.emr.cluster.Cluster;
import dev.batchapi.local.emr.cluster.ClusterJournal;
import dev.batchapi.local.emr.cluster.ClusterRecord;
import dev.batchapi.local.emr.run.OsProcess;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.journal.JsonJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clusters and steps of a persistent emulator, in a {@link JsonJournal}: every value as it
 * changes, one {@link EmrRecord} a line, compacted on opening and on closing. The emulator's own
 * records (Cluster, Step, ...) are written as they are, with Jackson.
 */
public final class EmrDataDirectory implements ClusterJournal {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final JsonJournal journal;
    private final List<ClusterRecord> recovered;

    private EmrDataDirectory(JsonJournal journal, List<ClusterRecord> recovered) {
        this.journal = journal;
        this.recovered = recovered;
    }

    /**
     * Opens (creating if need be) the directory, reads back what it holds and compacts it; releases
     * the directory if any of that fails.
     */
    public static EmrDataDirectory open(Path directory) {
        Recovery recovery = new Recovery();
        JsonJournal journal = JsonJournal.open(directory, line -> recovery.apply(read(line)));
        EmrDataDirectory opened = new EmrDataDirectory(journal, recovery.clusters());
        try {
            opened.compact(opened.recovered);
        } catch (RuntimeException e) {
            try {
                journal.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return opened;
    }

    /** The clusters as the directory held them when it was opened, each with its steps in submission order. */
    public List<ClusterRecord> recovered() {
        return recovered;
    }

    @Override
    public void clusterChanged(Cluster cluster) {
        journal.append(write(new EmrRecord.ClusterKept(cluster)));
    }

    @Override
    public void stepChanged(String clusterId, Step step) {
        journal.append(write(new EmrRecord.StepKept(clusterId, step)));
    }

    @Override
    public void processStarted(String clusterId, String stepId, OsProcess process) {
        journal.append(write(new EmrRecord.ProcessKept(clusterId, stepId, process)));
    }

    @Override
    public void compact(List<ClusterRecord> clusters) {
        List<JsonNode> lines = new ArrayList<>();
        for (ClusterRecord kept : clusters) {
            String clusterId = kept.cluster().id();
            lines.add(write(new EmrRecord.ClusterKept(kept.cluster())));
            kept.steps().forEach(step -> lines.add(write(new EmrRecord.StepKept(clusterId, step))));
            kept.processes().forEach((stepId, process) -> lines.add(write(new EmrRecord.ProcessKept(clusterId, stepId, process))));
        }
        journal.compact(lines);
    }

    @Override
    public void close() {
        journal.close();
    }

    private static JsonNode write(EmrRecord record) {
        return JSON.valueToTree(record);
    }

    private static EmrRecord read(JsonNode line) {
        try {
            return JSON.treeToValue(line, EmrRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a line of the EMR data directory is not a record: " + line, e);
        }
    }

    /** The clusters being read back, each value replacing the one before it. */
    private static final class Recovery {

        private final Map<String, Cluster> clusters = new LinkedHashMap<>();
        private final Map<String, Map<String, Step>> steps = new LinkedHashMap<>();
        private final Map<String, Map<String, OsProcess>> processes = new LinkedHashMap<>();

        void apply(EmrRecord record) {
            if (record instanceof EmrRecord.ClusterKept kept) {
                clusters.put(kept.cluster().id(), kept.cluster());
                steps.computeIfAbsent(kept.cluster().id(), id -> new LinkedHashMap<>());
                processes.computeIfAbsent(kept.cluster().id(), id -> new LinkedHashMap<>());
            } else if (record instanceof EmrRecord.StepKept kept) {
                // A step's first line fixes its place: steps are kept in submission order.
                stepsOf(kept.clusterId()).put(kept.step().id(), kept.step());
            } else if (record instanceof EmrRecord.ProcessKept kept) {
                stepsOf(kept.clusterId());
                processes.get(kept.clusterId()).put(kept.stepId(), kept.process());
            }
        }

        /** Only a step that still runs keeps its process: the others' ended with it. */
        List<ClusterRecord> clusters() {
            return clusters.values().stream().map(cluster -> {
                Map<String, Step> clusterSteps = steps.get(cluster.id());
                Map<String, OsProcess> running = new LinkedHashMap<>(processes.get(cluster.id()));
                running.keySet().removeIf(stepId -> !clusterSteps.containsKey(stepId) || clusterSteps.get(stepId).state().isTerminal());
                return new ClusterRecord(cluster, List.copyOf(clusterSteps.values()), running);
            }).toList();
        }

        private Map<String, Step> stepsOf(String clusterId) {
            Map<String, Step> clusterSteps = steps.get(clusterId);
            if (clusterSteps == null) {
                throw new IllegalStateException("the EMR data directory has a step of cluster " + clusterId
                        + " before the cluster itself");
            }
            return clusterSteps;
        }
    }
}
