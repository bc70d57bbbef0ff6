package dev.batchapi.config;

import dev.batchapi.support.BenchmarkReport;
import dev.batchapi.support.FunctionProcess;
import dev.batchapi.support.ProbeProcess;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;

/**
 * The SDK's HTTP clients for a function, in one run: URL connection as deployed (one write per request,
 * {@link OneWriteRequests}) and as the SDK ships it, Apache 5 and AWS CRT, each in fresh JVMs with Lambda's {@code -XX:TieredStopAtLevel=1} ({@link HttpClientProbe}),
 * interleaved: what building it and a DynamoDB client costs, the first call, warm calls, and the
 * bytes it adds to the deployment jar. Not a test: {@code mvn -pl functions -am verify -Pbenchmark} runs it and writes
 * benchmarks/httpclient.md.
 */
class HttpClientBenchmark {

    private static final int RUNS = 7;
    private static final List<String> CLIENTS = List.of("url-connection-one-write", "url-connection", "apache5", "crt");

    @Test
    void measure() throws Exception {
        List<String> classpath = new ArrayList<>(List.of(FunctionProcess.DEPLOYMENT_JAR.toAbsolutePath().toString(),
                Path.of("target", "test-classes").toAbsolutePath().toString()));
        classpath.addAll(jarsOf("apache5"));
        classpath.addAll(jarsOf("crt"));
        // warms the page cache
        ProbeProcess.run(String.join(File.pathSeparator, classpath), HttpClientProbe.class, CLIENTS.get(0));
        long[][][] results = new long[CLIENTS.size()][4][RUNS];
        for (int i = 0; i < RUNS; i++) {
            for (int client = 0; client < CLIENTS.size(); client++) {
                long[] nanos = ProbeProcess.run(String.join(File.pathSeparator, classpath), HttpClientProbe.class,
                        CLIENTS.get(client));
                for (int figure = 0; figure < 4; figure++) {
                    results[client][figure][i] = nanos[figure];
                }
            }
        }
        List<String> lines = new ArrayList<>(List.of(
                "# The SDK's HTTP clients",
                "",
                BenchmarkReport.writtenBy(HttpClientBenchmark.class),
                "",
                "Each run is a fresh JVM (`-XX:TieredStopAtLevel=1`, as on Lambda) that builds the HTTP client and a"
                        + " DynamoDB client on it (*build*), makes a first GetItem (*first call*), then "
                        + HttpClientProbe.WARM_UP + " more and " + HttpClientProbe.TIMED + " timed ones (*warm*, median"
                        + " and 90th percentile), against a stub on 127.0.0.1 that answers at once: the client's own cost."
                        + " " + RUNS + " runs of each, interleaved; medians of the runs, min–max in brackets. *Jars*: what"
                        + " the client adds to the deployment jar. *url-connection-one-write* is the deployed one: the"
                        + " URL-connection client with `OneWriteRequests`, which has it send headers and body in one"
                        + " write instead of two, the second held back by Nagle's algorithm until the server's"
                        + " acknowledgement.",
                "",
                "| Client | build | first call | warm median | warm p90 | adds to the jar |",
                "|---|---|---|---|---|---|"));
        for (int client = 0; client < CLIENTS.size(); client++) {
            lines.add("| " + CLIENTS.get(client) + " | " + spread(results[client][0], 1e6, "ms") + " | "
                    + spread(results[client][1], 1e6, "ms") + " | " + spread(results[client][2], 1e3, "µs") + " | "
                    + spread(results[client][3], 1e3, "µs") + " | " + String.format(Locale.ROOT, "%.2f MiB",
                            addedBytes(CLIENTS.get(client)) / 1048576.0) + " |");
        }
        BenchmarkReport.write("httpclient.md", lines);
    }

    /** The jars a client adds (the deployed one is inside the deployment jar: its classes there). */
    private static long addedBytes(String client) throws Exception {
        if (client.startsWith("url-connection")) {
            try (ZipFile deployment = new ZipFile(FunctionProcess.DEPLOYMENT_JAR.toFile())) {
                return deployment.stream().filter(entry -> entry.getName().startsWith("software/amazon/awssdk/http/urlconnection/"))
                        .mapToLong(ZipEntry::getCompressedSize).sum();
            }
        }
        return jarsOf(client).stream().mapToLong(jar -> new File(jar).length()).sum();
    }

    /** The jars a client is made of beyond the SDK's core: its SDK module and the libraries it brings. */
    private static List<String> jarsOf(String client) throws Exception {
        return client.equals("apache5")
                ? List.of(FunctionProcess.jarOf(Apache5HttpClient.class),
                        FunctionProcess.jarOf(org.apache.hc.client5.http.classic.HttpClient.class),
                        FunctionProcess.jarOf(org.apache.hc.core5.http.HttpEntity.class),
                        FunctionProcess.jarOf(org.apache.hc.core5.http2.HttpVersionPolicy.class))
                : List.of(FunctionProcess.jarOf(AwsCrtHttpClient.class), FunctionProcess.jarOf(software.amazon.awssdk.crt.CRT.class));
    }

    private static String spread(long[] nanos, double per, String unit) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.1f %s (%.1f–%.1f)", sorted[sorted.length / 2] / per, unit, sorted[0] / per,
                sorted[sorted.length - 1] / per);
    }
}
