package dev.batchapi.local.emr.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One program that an EMR step runs through command-runner.jar ({@code spark-submit}, {@code flink}),
 * as this machine runs it instead: the same command turned into a local process.
 */
public interface LocalProgram {

    /** The program's name, the step's first argument. */
    String name();

    /**
     * What the step's arguments after the program's name become here.
     *
     * @param scratch a directory of the step's own for the process's temporary files, deleted once the
     *     process is gone
     */
    LocalCommand plan(List<String> arguments, Path scratch);

    /** What the step's FailureDetails quote from a failed run's stderr; empty if nothing there says. */
    Optional<String> failureMessage(Path stderr);
}
