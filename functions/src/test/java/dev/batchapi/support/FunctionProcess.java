package dev.batchapi.support;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

/**
 * A function as Lambda runs it: a JVM of its own running the real runtime interface client with the
 * deployment jar and the handler string, fed one event through a {@link LambdaRuntimeApi} on
 * 127.0.0.1, then stopped. What {@code sam local invoke} would do, without Docker.
 */
public final class FunctionProcess {

    public static final Path DEPLOYMENT_JAR = Path.of("target", "batch-api-functions.jar");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * One invocation and what it took.
     *
     * @param initNanos from the JVM's start to the runtime client's first poll (its init done)
     * @param invokeNanos from that poll to the answer
     * @param peakRssKb the process's peak resident set (VmHWM), read before it is stopped; 0 where unknown
     */
    public record Run(LambdaRuntimeApi.Answer answer, long initNanos, long invokeNanos, long peakRssKb) {

        public long totalNanos() {
            return initNanos + invokeNanos;
        }
    }

    private FunctionProcess() {
    }

    /**
     * @param extraClasspath after the deployment jar and the runtime client (e.g. test classes)
     * @param environment the function's environment (Lambda's own variables are added)
     * @param log where the process's output goes
     */
    public static Run invokeOnce(String handler, List<String> extraClasspath, Map<String, String> environment,
            String event, Path log) throws Exception {
        try (LambdaRuntimeApi runtimeApi = new LambdaRuntimeApi()) {
            List<String> classpath = new ArrayList<>(List.of(DEPLOYMENT_JAR.toAbsolutePath().toString(),
                    jarOf(AWSLambda.class), jarOf(PojoSerializer.class), jarOf(SdkInternalThreadLocal.class)));
            classpath.addAll(extraClasspath);
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", String.join(File.pathSeparator, classpath), AWSLambda.class.getName(), handler);
            Map<String, String> env = builder.environment();
            env.putAll(environment);
            env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
            env.putIfAbsent("AWS_LAMBDA_FUNCTION_NAME", handler);
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
            env.put("AWS_ACCESS_KEY_ID", "test");
            env.put("AWS_SECRET_ACCESS_KEY", "test");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            long started = System.nanoTime();
            Process function = builder.start();
            try {
                LambdaRuntimeApi.Answer answer = runtimeApi.invoke(event, TIMEOUT);
                long answered = System.nanoTime();
                long polled = runtimeApi.firstPollNanos(TIMEOUT);
                return new Run(answer, polled - started, answered - polled, peakRssKb(function.pid()));
            } finally {
                function.destroy();
                if (!function.waitFor(10, TimeUnit.SECONDS)) {
                    function.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** The jar (or folder) a class was loaded from. */
    public static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static long peakRssKb(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return 0;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(0L);
    }
}
