package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.run.OsProcess;
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
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stack's jar run as a person runs it, in its own JVM: started with some options, ready
 * once it announces its URL, stopped with SIGTERM or killed as a crash would; remembers every process it started and every
 * line it wrote.
 */
final class StackProcess {

    static final Path JAR = Path.of(System.getProperty("local.jar"));
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("ready at (http://127\\.0\\.0\\.1:\\d+/api/v1)");

    private final Process process;
    private final String api;
    private final Thread drain;
    private final List<String> output;
    private final Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();

    private StackProcess(Process process, String api, Thread drain, List<String> output) {
        this.process = process;
        this.api = api;
        this.drain = drain;
        this.output = output;
        started.add(process.toHandle());
    }

    /** What a run of the jar that ends by itself ended with. */
    record Exited(int code, List<String> output) {
    }

    /** Starts the stack on a free port; its output goes to {@code file}. */
    static StackProcess start(Path file, String... options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--port", "0"));
        arguments.addAll(List.of(options));
        Process process = java(arguments);
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread drain = drain(process, file, output, ready);
        try {
            return new StackProcess(process, ready.get(STARTUP.toSeconds(), TimeUnit.SECONDS), drain, output);
        } catch (Exception e) {
            // A stack that never said it is ready may still run, and may have started step JVMs: none outlives the test.
            // Through the handle, as kill(), so that the output file keeps its last lines.
            OsProcess.killTree(process.toHandle());
            process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Runs the jar with these arguments alone, for a run that ends by itself (help, a refusal to start). */
    static Exited run(Path file, Duration limit, String... arguments) throws Exception {
        Process process = java(List.of(arguments));
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread drain = drain(process, file, output, new CompletableFuture<>());
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            OsProcess.killTree(process.toHandle());
            throw new AssertionError("the jar ran longer than " + limit + ": " + output);
        }
        drain.join(limit.toMillis());
        synchronized (output) {
            return new Exited(process.exitValue(), List.copyOf(output));
        }
    }

    private static Process java(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static Thread drain(Process process, Path file, List<String> output, CompletableFuture<String> ready) {
        Thread drain = new Thread(() -> copyOutput(process, file, output, ready), "local-stack-output");
        drain.setDaemon(true);
        drain.start();
        return drain;
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
     * step JVMs it started live on. They are noted first, for {@link #started()}. Through the
     * process's handle, as {@link #terminate()}, so that the lines it wrote last are kept.
     */
    void kill() throws Exception {
        process.descendants().forEach(started::add);
        process.toHandle().destroyForcibly();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the stack died").isTrue();
    }

    /** SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops everything. */
    void stop() throws Exception {
        process.descendants().forEach(started::add);
        terminate();
        assertThat(awaitExit(Duration.ofSeconds(60))).as("the stack stopped").isTrue();
    }

    /**
     * Sends SIGTERM. Through the process's handle: {@link Process#destroy()} sends the same signal
     * but also closes this side of the stack's output, and its last lines would be lost.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the stack to end and for its last line to be read; false if it is still running. */
    boolean awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        drain.join(limit.toMillis());
        return true;
    }

    /** Whether the stack writes a line like this within {@code limit}, looking every 50 ms. */
    boolean wrote(Predicate<String> line, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (output().stream().noneMatch(line)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Every line the stack wrote so far, stdout and stderr. */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Copies the stack's output to a file and to {@code output}, and says when it announced its URL. */
    private static void copyOutput(Process process, Path file, List<String> output, CompletableFuture<String> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.println(line);
                output.add(line);
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
