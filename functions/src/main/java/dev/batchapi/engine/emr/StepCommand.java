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
    /** Flink's dynamic property, joined to its key=value: one argument, so no value can read as an option. */
    private static final String FLINK_PROPERTY = "-D";

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
                properties(spec.conf()).forEach(property -> args.addAll(List.of("--conf", property)));
            }
            case FLINK -> {
                // Application mode: main() runs in the JobManager's YARN container, not in the step's
                // process on the primary node, where every step runs as the same user.
                args.addAll(List.of("flink", "run-application", "-t", "yarn-application", "-c", spec.className()));
                if (batch.name() != null) {
                    args.add(FLINK_PROPERTY + "yarn.application.name=" + batch.name());
                }
                properties(spec.conf()).forEach(property -> args.add(FLINK_PROPERTY + property));
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

    /** The conf as key=value, sorted: the same batch always makes the same command. */
    private static List<String> properties(Map<String, String> conf) {
        return conf.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .toList();
    }
}
