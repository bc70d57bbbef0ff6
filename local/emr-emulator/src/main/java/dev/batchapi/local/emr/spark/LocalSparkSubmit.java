package dev.batchapi.local.emr.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns an EMR step's command-runner.jar arguments into the command that runs it on this machine:
 * {@code spark-submit} in Spark's local mode instead of on YARN. What cannot run here (Flink, PySpark
 * without a Spark distribution, other commands) is refused with a reason a person can act on.
 */
public final class LocalSparkSubmit {

    /** spark-submit's options that take a value (SparkSubmitOptionParser); the rest are flags. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of(
            "--master", "--deploy-mode", "--class", "--name", "--jars", "--packages", "--exclude-packages",
            "--repositories", "--py-files", "--files", "--archives", "--conf", "-c", "--properties-file",
            "--driver-memory", "--driver-java-options", "--driver-library-path", "--driver-class-path",
            "--executor-memory", "--proxy-user", "--driver-cores", "--total-executor-cores",
            "--executor-cores", "--num-executors", "--principal", "--keytab", "--queue");
    /** Chosen here, whatever the step asks: a local master, no UI port, loopback only. */
    private static final List<String> LOCAL_OPTIONS = List.of(
            "--master", "local[*]",
            "--conf", "spark.ui.enabled=false",
            "--conf", "spark.driver.host=127.0.0.1",
            "--conf", "spark.driver.bindAddress=127.0.0.1");

    private LocalSparkSubmit() {
    }

    /** What to do with a step: run a command, or refuse it. */
    public sealed interface Plan {
    }

    public record Run(List<String> command) implements Plan {
    }

    public record Refuse(String reason) implements Plan {
    }

    public static Plan plan(List<String> stepArgs, SparkInstallation spark) {
        if (stepArgs.isEmpty()) {
            return new Refuse("The step has no command");
        }
        String program = stepArgs.get(0);
        if (program.equals("flink")) {
            return new Refuse("Flink steps cannot run in the local stack: it has Spark only");
        }
        if (!program.equals("spark-submit")) {
            return new Refuse("The local stack's command-runner.jar runs spark-submit only, not " + program);
        }
        List<String> options = new ArrayList<>();
        String resource = null;
        List<String> appArgs = new ArrayList<>();
        for (int i = 1; i < stepArgs.size(); i++) {
            String arg = stepArgs.get(i);
            if (resource != null) {
                appArgs.add(arg);
            } else if (OPTIONS_WITH_VALUE.contains(arg) && i + 1 < stepArgs.size()) {
                String value = stepArgs.get(++i);
                // A cluster deploy mode and a master are the cluster's business; here it is local mode.
                if (!arg.equals("--deploy-mode") && !arg.equals("--master")) {
                    options.add(arg);
                    options.add(value);
                }
            } else if (arg.startsWith("-")) {
                options.add(arg);
            } else {
                resource = arg;
            }
        }
        if (resource == null) {
            return new Refuse("spark-submit was given no application jar or file");
        }
        if (resource.endsWith(".py") && !spark.runsPython()) {
            return new Refuse("PySpark needs a Spark distribution: start the local stack with SPARK_HOME set to one"
                    + " (Spark's Maven Central jars, which it uses otherwise, cannot run Python)");
        }
        List<String> command = new ArrayList<>(spark.sparkSubmit());
        command.addAll(LOCAL_OPTIONS);
        command.addAll(options);
        command.add(resource);
        command.addAll(appArgs);
        return new Run(command);
    }
}
