package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stack's jar run as a person runs it, in its own JVM: started with some options, ready
 * once it announces its URL, stopped as Ctrl-C stops it; remembers every process it started.
 */
final class StackProcess {

    static final Path JAR = Path.of(System.getProperty("local.jar"));
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("ready at (http://127\\.0\\.0\\.1:\\d+/api/v1)");

    private final Process process;
    private final String api;
    private final Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();

    private StackProcess(Process process, String api) {
        this.process = process;
        this.api = api;
        started.add(process.toHandle());
    }

    /** Starts the stack on a free port; its output goes to {@code output}. */
    static StackProcess start(Path output, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(), "--port", "0"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread drain = new Thread(() -> copyOutput(process, output, ready), "local-stack-output");
        drain.setDaemon(true);
        drain.start();
        return new StackProcess(process, ready.get(STARTUP.toSeconds(), TimeUnit.SECONDS));
    }

    /** The API's base URL, {@code http://127.0.0.1:<port>/api/v1}. */
    String api() {
        return api;
    }

    Process process() {
        return process;
    }

    /** Every process this stack started, itself and its steps' JVMs, as far as they were seen. */
    Set<ProcessHandle> started() {
        process.descendants().forEach(started::add);
        return Set.copyOf(started);
    }

    /** The step JVM of the stack (spark-submit's or flink's) that runs {@code mainClass}. */
    ProcessHandle stepJvmRunning(String mainClass) {
        return process.descendants()
                .filter(jvm -> jvm.info().arguments().map(List::of).orElse(List.of()).contains(mainClass))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step JVM runs " + mainClass));
    }

    /**
     * SIGKILL to the stack's own JVM, as a crash ({@code kill -9}): no shutdown hook runs, and the
     * step JVMs it started live on. They are noted first, for {@link #started()}.
     */
    void kill() throws Exception {
        process.descendants().forEach(started::add);
        process.destroyForcibly();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the stack died").isTrue();
    }

    /** SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops everything. */
    void stop() throws Exception {
        process.descendants().forEach(started::add);
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the stack stopped").isTrue();
    }

    /** Copies the stack's output to a file, and says when it announced its URL. */
    private static void copyOutput(Process process, Path file, CompletableFuture<String> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.println(line);
                Matcher matcher = READY.matcher(line);
                if (matcher.find()) {
                    ready.complete(matcher.group(1));
                }
            }
            ready.completeExceptionally(new IllegalStateException("the stack ended before it was ready; see " + file));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }
}
