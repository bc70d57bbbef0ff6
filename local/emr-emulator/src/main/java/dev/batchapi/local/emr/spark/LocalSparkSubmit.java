package dev.batchapi.local.emr.spark;

import dev.batchapi.local.emr.run.LocalCommand;
import dev.batchapi.local.emr.run.LocalProgram;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code spark-submit} as this machine runs it: in Spark's local mode instead of on YARN. What cannot
 * run here (PySpark without a Spark distribution) is refused with a reason a person can act on.
 */
public final class LocalSparkSubmit implements LocalProgram {

    private static final Logger LOG = Logger.getLogger(LocalSparkSubmit.class.getName());
    /** spark-submit's options that take a value (SparkSubmitOptionParser); the rest are flags. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of(
            "--master", "--deploy-mode", "--class", "--name", "--jars", "--packages", "--exclude-packages",
            "--repositories", "--py-files", "--files", "--archives", "--conf", "-c", "--properties-file",
            "--driver-memory", "--driver-java-options", "--driver-library-path", "--driver-class-path",
            "--executor-memory", "--proxy-user", "--driver-cores", "--total-executor-cores",
            "--executor-cores", "--num-executors", "--principal", "--keytab", "--queue");
    /**
     * Chosen here, whatever the step asks, so they come after the step's options: spark-submit takes
     * the last --master and the last --conf of a key. A local master, no UI port, loopback only.
     */
    private static final List<String> LOCAL_OPTIONS = List.of(
            "--master", "local[*]",
            "--conf", "spark.ui.enabled=false",
            "--conf", "spark.driver.host=127.0.0.1",
            "--conf", "spark.driver.bindAddress=127.0.0.1");
    // Spark would bind to the host's public address otherwise; the local stack is loopback only.
    private static final Map<String, String> LOCAL_ENVIRONMENT = Map.of("SPARK_LOCAL_IP", "127.0.0.1");

    private final SparkInstallation spark;

    public LocalSparkSubmit(SparkInstallation spark) {
        this.spark = spark;
    }

    @Override
    public String name() {
        return "spark-submit";
    }

    /**
     * Spark's temporary files (its local directories, fetched jars) go to {@code scratch}, which the
     * runner deletes when the process ends: Spark deletes its own only when it stops in order, never
     * when it is killed.
     */
    @Override
    public LocalCommand plan(List<String> arguments, Path scratch) {
        List<String> options = new ArrayList<>();
        String resource = null;
        List<String> appArgs = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String arg = arguments.get(i);
            if (resource != null) {
                appArgs.add(arg);
            } else if (OPTIONS_WITH_VALUE.contains(arg) && i + 1 < arguments.size()) {
                String value = arguments.get(++i);
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
            return new LocalCommand.Refuse("spark-submit was given no application jar or file");
        }
        if (resource.endsWith(".py") && !spark.runsPython()) {
            return new LocalCommand.Refuse("PySpark needs a Spark distribution: start the local stack with SPARK_HOME set"
                    + " to one (Spark's Maven Central jars, which it uses otherwise, cannot run Python)");
        }
        List<String> command = new ArrayList<>(spark.sparkSubmit(scratch));
        command.addAll(options);
        command.addAll(LOCAL_OPTIONS);
        command.addAll(List.of("--conf", "spark.local.dir=" + scratch.toAbsolutePath()));
        command.add(resource);
        command.addAll(appArgs);
        Map<String, String> environment = new HashMap<>(LOCAL_ENVIRONMENT);
        environment.putAll(spark.environment(scratch));
        return new LocalCommand.Run(command, Map.copyOf(environment));
    }

    /**
     * The last line of stderr that states an error (not a stack frame), as EMR's FailureDetails quote
     * it. A missing file is only a warning to spark-submit ("Local jar … does not exist, skipping")
     * before the error it causes ("Failed to load class …"), so that warning leads the message.
     */
    @Override
    public Optional<String> failureMessage(Path stderr) {
        String error = null;
        String missingFile = null;
        try (BufferedReader lines = Files.newBufferedReader(stderr, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("\t")) {
                    continue;
                }
                if (line.contains("does not exist") || line.contains("No such file")) {
                    missingFile = line.replaceFirst("^.*? (WARN|ERROR) ", "").strip();
                } else if (line.contains("Exception") || line.contains("Error:")) {
                    error = line.strip();
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read " + stderr, e);
        }
        if (error == null) {
            return Optional.ofNullable(missingFile);
        }
        return Optional.of(missingFile == null ? error : missingFile + " " + error);
    }
}
