package dev.batchapi.local.server;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * GETs of one URL from a number of kept-alive connections, each on a thread of its own with a
 * client of one connection (Apache HttpClient 5, blocking: a light client, so that what is measured
 * is the server), for a while and at most a bounded number of requests.
 */
final class HttpLoad {

    /** Per connection, at most this many requests are timed (and sent). */
    private static final int MAX_PER_CONNECTION = 2_000_000;

    /**
     * @param requestsPerSecond all connections together
     * @param medianMicros of every request's latency; the others the 90th and 99th percentiles
     */
    record Result(long requests, double requestsPerSecond, double medianMicros, double p90Micros, double p99Micros) {
    }

    private HttpLoad() {
    }

    /** Every answer must be a 200, or the run fails. */
    static Result run(URI url, int connections, Duration duration) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        try {
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Future<long[]>> runs = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                runs.add(threads.submit(() -> connection(url, deadline)));
            }
            List<long[]> latencies = new ArrayList<>();
            for (Future<long[]> run : runs) {
                latencies.add(run.get(duration.toSeconds() + 60, TimeUnit.SECONDS));
            }
            long elapsed = System.nanoTime() - start;
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(all.length, all.length * 1e9 / elapsed, percentile(all, 50), percentile(all, 90),
                    percentile(all, 99));
        } finally {
            threads.shutdownNow();
        }
    }

    private static long[] connection(URI url, long deadline) throws Exception {
        long[] latencies = new long[MAX_PER_CONNECTION];
        int count = 0;
        try (CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(1).setMaxConnPerRoute(1).build())
                .disableAutomaticRetries()
                .build()) {
            HttpGet get = new HttpGet(url);
            while (count < MAX_PER_CONNECTION && System.nanoTime() < deadline) {
                long sent = System.nanoTime();
                int status = client.execute(get, response -> {
                    EntityUtils.consume(response.getEntity());
                    return response.getCode();
                });
                latencies[count++] = System.nanoTime() - sent;
                if (status != 200) {
                    throw new IllegalStateException(url + " answered " + status);
                }
            }
        }
        return Arrays.copyOf(latencies, count);
    }

    private static double percentile(long[] sorted, int percent) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, (long) sorted.length * percent / 100)] / 1e3;
    }
}
