package dev.batchapi.engine.emr;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line an EMR step runs through command-runner.jar. Built as an argument array (EMR
 * passes it to the process as argv, no shell): the validated spec cannot add options of its own,
 * because every value sits behind the option that consumes it and the resource comes last before
 * the application's arguments.
 */
public final class StepCommand {

    /** EMR's limit on the total length of a step's jar and arguments (HadoopJarStepConfig). */
    public static final int MAX_TOTAL_LENGTH = 10240;
    public static final String COMMAND_RUNNER = "command-runner.jar";

    private StepCommand() {
    }

    public static List<String> args(Batch batch) {
        BatchSpec spec = batch.spec();
        List<String> args = new ArrayList<>();
        switch (batch.batchType()) {
            case SPARK, PYSPARK -> {
                args.addAll(List.of("spark-submit", "--deploy-mode", "cluster"));
                if (spec.className() != null) {
                    args.addAll(List.of("--class", spec.className()));
                }
                if (batch.name() != null) {
                    args.addAll(List.of("--name", batch.name()));
                }
                addConf(args, "--conf", spec.conf());
            }
            case FLINK -> {
                args.addAll(List.of("flink", "run", "-m", "yarn-cluster", "-c", spec.className()));
                if (batch.name() != null) {
                    args.addAll(List.of("-ynm", batch.name()));
                }
                // -yD: dynamic properties of the per-job YARN cluster that "-m yarn-cluster" starts.
                addConf(args, "-yD", spec.conf());
            }
        }
        args.add(spec.resource());
        args.addAll(spec.args());
        return List.copyOf(args);
    }

    /** What EMR counts against {@link #MAX_TOTAL_LENGTH}: the jar and every argument. */
    public static int totalLength(List<String> args) {
        return COMMAND_RUNNER.length() + args.stream().mapToInt(String::length).sum();
    }

    private static void addConf(List<String> args, String option, Map<String, String> conf) {
        conf.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> args.addAll(List.of(option, entry.getKey() + "=" + entry.getValue())));
    }
}
