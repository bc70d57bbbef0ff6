package dev.batchapi.local.emr.run;

import java.util.List;
import java.util.Map;

/** What a step's command becomes on this machine: a process to run, or a refusal saying why not. */
public sealed interface LocalCommand {

    /** Runs {@code command} (an argv, no shell) with {@code environment} added to this JVM's. */
    record Run(List<String> command, Map<String, String> environment) implements LocalCommand {

        public Run {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }
    }

    /** Cannot run here; the step fails with {@code reason}. */
    record Refuse(String reason) implements LocalCommand {
    }
}
