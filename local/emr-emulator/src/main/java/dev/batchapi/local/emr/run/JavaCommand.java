package dev.batchapi.local.emr.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM of this machine's Java that runs a main class from a directory of jars, as the local
 * programs run Spark's and Flink's own command lines: the module options that program needs on
 * Java 17, its temporary files in the step's scratch directory, the system properties it reads,
 * and every jar of the directory on the class path.
 */
public record JavaCommand(List<String> moduleOptions, List<String> properties, Path jars, String mainClass) {

    public JavaCommand {
        moduleOptions = List.copyOf(moduleOptions);
        properties = List.copyOf(properties);
    }

    /** The command up to its main class, with the JVM's temporary files in {@code tmpdir}; the program's arguments follow. */
    public List<String> command(Path tmpdir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(moduleOptions);
        command.add("-Djava.io.tmpdir=" + tmpdir.toAbsolutePath());
        command.addAll(properties);
        command.add("-cp");
        command.add(jars.toAbsolutePath().resolve("*").toString());
        command.add(mainClass);
        return command;
    }
}
