package dev.batchapi.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark's probe in a fresh JVM with Lambda's {@code -XX:TieredStopAtLevel=1}: its main class
 * prints its figures (numbers separated by spaces) as its last line of output.
 */
public final class ProbeProcess {

    private static final long BOUND_SECONDS = 120;

    private ProbeProcess() {
    }

    public static long[] run(String classpath, Class<?> probe, String argument) throws Exception {
        return run(classpath, probe, argument, Map.of());
    }

    /** @param environment added to this JVM's environment */
    public static long[] run(String classpath, Class<?> probe, String argument, Map<String, String> environment)
            throws Exception {
        Path output = Files.createTempFile("probe", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", classpath, probe.getName(), argument)
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(probe.getSimpleName() + " " + argument + " failed: " + Files.readString(output));
            }
            List<String> lines = Files.readAllLines(output);
            return Arrays.stream(lines.get(lines.size() - 1).trim().split(" ")).mapToLong(Long::parseLong).toArray();
        } finally {
            Files.delete(output);
        }
    }
}
