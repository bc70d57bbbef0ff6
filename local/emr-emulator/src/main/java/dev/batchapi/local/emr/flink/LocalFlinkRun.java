package dev.batchapi.local.emr.flink;

import dev.batchapi.local.emr.run.JavaCommand;
import dev.batchapi.local.emr.run.LocalCommand;
import dev.batchapi.local.emr.run.LocalProgram;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code flink run} as this machine runs it: Flink's own command line ({@code CliFrontend}) from
 * Flink's Maven Central jars, in a JVM of its own, with the execution target {@code local}, so the job
 * runs on a MiniCluster inside that JVM instead of on a YARN cluster: there
 * {@code StreamExecutionEnvironment.getExecutionEnvironment()} is a local MiniCluster. Both forms of
 * submission are taken, per-job ({@code run -m yarn-cluster -c C [-ynm N] [-yD k=v]… jar args}) and
 * application mode ({@code run-application -t yarn-application -c C [-Dk=v]… jar args}). The step's
 * dynamic properties become Flink configuration here (Flink itself says which of them a local run
 * ignores, such as memory sizes); an option this class does not know is refused, not guessed at.
 */
public final class LocalFlinkRun implements LocalProgram {

    private static final Logger LOG = Logger.getLogger(LocalFlinkRun.class.getName());
    private static final String CLI_FRONTEND = "org.apache.flink.client.cli.CliFrontend";
    private static final Set<String> ACTIONS = Set.of("run", "run-application");
    /** The YARN targets of {@code -m} and {@code -t}: a cluster EMR would start, a MiniCluster here. */
    private static final Set<String> YARN_TARGETS = Set.of("yarn-cluster", "yarn-per-job", "yarn-application");
    /** Chosen here, whatever the step asks, so they come last: on this machine only, loopback only. */
    private static final List<String> LOCAL_PROPERTIES = List.of(
            "-Dexecution.target=local",
            "-Drest.bind-address=127.0.0.1",
            "-Djobmanager.bind-host=127.0.0.1");
    /** What Flink's distribution runs its JVMs with on Java 17 (env.java.opts.all of its config.yaml). */
    private static final List<String> JAVA_MODULE_OPTIONS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");
    /** Flink's log, through the slf4j-simple binding among Flink's jars: INFO and up, on stderr, as Spark's. */
    private static final List<String> LOGGING = List.of(
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss,SSS");
    /** How CliFrontend logs the error that ends it; the exception it ended with follows that line. */
    private static final String CLI_ERROR = " ERROR " + CLI_FRONTEND + " - ";
    private static final String CAUSED_BY = "Caused by: ";

    private final JavaCommand cliFrontend;
    private final Path confDirectory;

    private LocalFlinkRun(Path jars, Path confDirectory) {
        this.cliFrontend = new JavaCommand(JAVA_MODULE_OPTIONS, LOGGING, jars, CLI_FRONTEND);
        this.confDirectory = confDirectory;
    }

    /**
     * Flink from its jars (e.g. local/flink-runtime/target/flink-jars), run with this JVM's java.
     *
     * @param confDirectory where to keep the configuration directory Flink's command line insists on
     *     (FLINK_CONF_DIR); its file is empty, the settings are on each command line
     */
    public static LocalFlinkRun withJars(Path jars, Path confDirectory) {
        Path config = confDirectory.resolve("config.yaml");
        try {
            Files.createDirectories(confDirectory);
            if (!Files.exists(config)) {
                Files.writeString(config, "# The local stack gives Flink its settings as -D options of each step's command.\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        return new LocalFlinkRun(jars, confDirectory);
    }

    @Override
    public String name() {
        return "flink";
    }

    @Override
    public LocalCommand plan(List<String> arguments, Path scratch) {
        if (arguments.isEmpty() || !ACTIONS.contains(arguments.get(0))) {
            return new LocalCommand.Refuse("The local stack runs flink run and flink run-application only, not flink "
                    + String.join(" ", arguments));
        }
        List<String> options = new ArrayList<>();
        for (int i = 1; i < arguments.size(); i++) {
            String option = arguments.get(i);
            if (!option.startsWith("-")) {
                return new LocalCommand.Run(command(scratch, options, arguments.subList(i, arguments.size())),
                        Map.of("FLINK_CONF_DIR", confDirectory.toAbsolutePath().toString()));
            }
            // -Dk=v and -yDk=v hold their value; every option taken here takes one.
            Optional<String> joined = joinedProperty(option);
            String value;
            if (joined.isPresent()) {
                option = option.substring(0, option.length() - joined.get().length());
                value = joined.get();
            } else if (i + 1 < arguments.size()) {
                value = arguments.get(++i);
            } else {
                return new LocalCommand.Refuse("flink " + option + " needs a value");
            }
            Optional<String> refusal = translate(option, value, options);
            if (refusal.isPresent()) {
                return new LocalCommand.Refuse(refusal.get());
            }
        }
        return new LocalCommand.Refuse("flink " + arguments.get(0) + " was given no job jar");
    }

    /** Adds what {@code option value} means here to {@code options}, or says why it cannot run here. */
    private static Optional<String> translate(String option, String value, List<String> options) {
        switch (option) {
            case "-c", "--class" -> options.addAll(List.of("-c", value));
            // YARN's per-job cluster (-m yarn-cluster) and YARN targets (-t): the job runs on a MiniCluster here.
            case "-m", "--jobmanager", "-t", "--target" -> {
                if (!YARN_TARGETS.contains(value)) {
                    return Optional.of("flink " + option + " " + value + " cannot run in the local stack: it runs jobs on"
                            + " a local MiniCluster in place of YARN's " + String.join(", ", YARN_TARGETS.stream().sorted().toList()));
                }
            }
            // The YARN application's name: the job's name here.
            case "-ynm", "--yarnname" -> options.add("-Dpipeline.name=" + value);
            // Dynamic properties, of the YARN cluster (-yD) or of the job (-D): Flink configuration either way.
            // Flink takes them all; those of YARN (yarn.*) and of process sizes mean nothing to a MiniCluster.
            case "-yD", "-D" -> {
                if (value.indexOf('=') <= 0) {
                    return Optional.of("flink " + option + " takes key=value, not " + value);
                }
                options.add("-D" + value);
            }
            default -> {
                return Optional.of("The local stack does not know flink's option " + option
                        + "; it takes -c, -m yarn-cluster, -t yarn-application, -ynm, -yD and -D");
            }
        }
        return Optional.empty();
    }

    /** {@code -Dk=v} or {@code -yDk=v}, as Flink's parser takes them: the option and its value as one argument. */
    private static Optional<String> joinedProperty(String option) {
        for (String prefix : List.of("-yD", "-D")) {
            if (option.startsWith(prefix) && option.length() > prefix.length()) {
                return Optional.of(option.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    private List<String> command(Path scratch, List<String> options, List<String> jarAndArgs) {
        // Flink's temporary files go to the scratch directory, among them a 22 MB copy of its RPC jar that it never deletes.
        List<String> command = new ArrayList<>(cliFrontend.command(scratch));
        command.addAll(List.of("run", "-t", "local"));
        command.addAll(options);
        command.addAll(LOCAL_PROPERTIES);
        command.addAll(jarAndArgs);
        return command;
    }

    /**
     * The exception Flink's command line ended with, as it logged it: its first line, and the root
     * cause when that line does not already say it, e.g. "…ProgramInvocationException: The main method
     * caused an error: …JobExecutionException: Job execution failed. Caused by:
     * java.lang.IllegalStateException: boom".
     */
    @Override
    public Optional<String> failureMessage(Path stderr) {
        try (BufferedReader lines = Files.newBufferedReader(stderr, StandardCharsets.UTF_8)) {
            String line = lines.readLine();
            while (line != null && !line.contains(CLI_ERROR)) {
                line = lines.readLine();
            }
            String exception = line == null ? null : lines.readLine();
            if (exception == null) {
                return Optional.empty();
            }
            String rootCause = null;
            for (line = lines.readLine(); line != null && (line.startsWith("\t") || line.startsWith(CAUSED_BY));
                    line = lines.readLine()) {
                if (line.startsWith(CAUSED_BY)) {
                    rootCause = line.substring(CAUSED_BY.length());
                }
            }
            if (rootCause == null || exception.contains(rootCause.substring(rootCause.indexOf(": ") + 1).strip())) {
                return Optional.of(exception);
            }
            return Optional.of(exception + " " + CAUSED_BY + rootCause);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read " + stderr, e);
            return Optional.empty();
        }
    }
}
