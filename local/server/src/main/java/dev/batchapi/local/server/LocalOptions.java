package dev.batchapi.local.server;

import dev.batchapi.batch.Clusters;
import dev.batchapi.batch.ReadAccess;
import dev.batchapi.batch.ShareLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How the local stack is started: {@code --port N} (8080; 0 picks a free one), {@code --data-dir DIR}
 * (.batch-api-local), {@code --step-concurrency N} (1, EMR's default), {@code --admins a,b},
 * {@code --users-file FILE} (BASIC authentication against these users; without it, none),
 * {@code --read-access ANYONE|OWNER_OR_ADMIN} (who may read a batch and its log; ANYONE),
 * {@code --clusters etl,adhoc} (extra clusters by label, beside the one labelled default; none), the
 * scheduler's {@code --max-active-steps N} (active steps per cluster; 200, as deployed),
 * {@code --max-active-per-user N} (a user's active steps per cluster; 0, no cap) and
 * {@code --sync-every SECONDS} (the state sync's schedule; the template's SyncSchedule), and the
 * Spark that runs steps: {@code SPARK_HOME}'s distribution if set, else {@code --spark-jars DIR}
 * (by default Spark's Maven Central jars built next to this jar), and the Flink that runs them:
 * {@code --flink-jars DIR} (by default Flink's Maven Central jars built next to this jar).
 */
record LocalOptions(int port, Path dataDir, int stepConcurrency, Set<String> admins, Optional<Path> usersFile,
        ReadAccess readAccess, List<String> clusters, int maxActiveSteps, int maxActivePerUser, Optional<Duration> syncEvery,
        Optional<Path> sparkHome, Path sparkJars, Path flinkJars) {

    static final String USAGE = String.join("\n",
            "usage: java -jar batch-api-local.jar [options]   (or ./run-local.sh [options], which builds it first)",
            "  --port N               HTTP port on 127.0.0.1 (8080; 0 picks a free one)",
            "  --data-dir DIR         where batches, uploads and step logs are kept (.batch-api-local)",
            "  --step-concurrency N   steps that run at once; the others wait PENDING (1, as EMR)",
            "  --admins user,user     users who may submit as another user and kill any batch",
            "  --users-file FILE      BASIC authentication against these users (without it: none)",
            "  --read-access WHO      who may read a batch and its log: ANYONE (Kyuubi's) or OWNER_OR_ADMIN",
            "  --clusters etl,adhoc   extra clusters by label, beside the one labelled default; a batch picks",
            "                         one with conf batchapi.cluster=<label> (none)",
            "  --max-active-steps N   active steps kept on each cluster, 1 to 256; the batches beyond wait",
            "                         queued, PENDING with appId null (200, as deployed)",
            "  --max-active-per-user N",
            "                         active steps one user may hold on each cluster (0: no cap)",
            "  --sync-every SECONDS   how often the state sync runs, which refills free slots and ends",
            "                         timed-out batches (the template's SyncSchedule: 1 minute)",
            "  --spark-jars DIR       Spark's jars (the build's local/spark-runtime/target/spark-jars)",
            "  --flink-jars DIR       Flink's jars (the build's local/flink-runtime/target/flink-jars)",
            "  -h, --help             this text",
            "SPARK_HOME: run steps with that Spark distribution instead (PySpark needs one).",
            "Ctrl-C or SIGTERM stops the stack and every Spark and Flink JVM it started.");

    /** Whether the arguments ask for the usage instead of a stack: -h or --help where an option goes. */
    static boolean asksForHelp(String[] args) {
        return IntStream.iterate(0, position -> position < args.length, position -> position + 2)
                .anyMatch(position -> args[position].equals("-h") || args[position].equals("--help"));
    }

    /**
     * @param jarDirectory where this stack's jar is (local/server/target): the build's other outputs
     *     are found from there
     */
    static LocalOptions parse(String[] args, Map<String, String> env, Path jarDirectory) {
        int port = 8080;
        Path dataDir = Path.of(".batch-api-local");
        int stepConcurrency = 1;
        Set<String> admins = Set.of();
        Optional<Path> usersFile = Optional.empty();
        ReadAccess readAccess = ReadAccess.ANYONE;
        List<String> clusters = List.of();
        int maxActiveSteps = ShareLimits.DEFAULT_MAX_ACTIVE;
        int maxActivePerUser = 0;
        Optional<Duration> syncEvery = Optional.empty();
        Path sparkJars = jarDirectory.resolve("../../spark-runtime/target/spark-jars").normalize();
        Path flinkJars = jarDirectory.resolve("../../flink-runtime/target/flink-jars").normalize();
        for (Iterator<String> arguments = Arrays.asList(args).iterator(); arguments.hasNext(); ) {
            String option = arguments.next();
            if (!arguments.hasNext()) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            String value = arguments.next();
            switch (option) {
                case "--port" -> port = number(option, value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--step-concurrency" -> stepConcurrency = number(option, value);
                case "--admins" -> admins = Arrays.stream(value.split(",")).map(String::trim)
                        .filter(name -> !name.isEmpty()).collect(Collectors.toUnmodifiableSet());
                case "--users-file" -> usersFile = Optional.of(Path.of(value).toAbsolutePath());
                case "--read-access" -> readAccess = readAccess(value);
                case "--clusters" -> clusters = clusters(value);
                case "--max-active-steps" -> maxActiveSteps = number(option, value, 1, ShareLimits.EMR_MAX_ACTIVE,
                        "1 to " + ShareLimits.EMR_MAX_ACTIVE + " (EMR's limit of active steps on a cluster)");
                case "--max-active-per-user" -> maxActivePerUser = number(option, value, 0, Integer.MAX_VALUE,
                        "0 (no cap) or more");
                case "--sync-every" -> syncEvery = Optional.of(Duration.ofSeconds(
                        number(option, value, 1, Integer.MAX_VALUE, "a whole number of seconds, 1 or more")));
                case "--spark-jars" -> sparkJars = Path.of(value);
                case "--flink-jars" -> flinkJars = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        Optional<Path> sparkHome = Optional.ofNullable(env.get("SPARK_HOME")).filter(home -> !home.isBlank()).map(Path::of);
        return new LocalOptions(port, dataDir.toAbsolutePath(), stepConcurrency, admins, usersFile, readAccess, clusters,
                maxActiveSteps, maxActivePerUser, syncEvery, sparkHome, sparkJars, flinkJars);
    }

    private static List<String> clusters(String value) {
        List<String> labels = Arrays.stream(value.split(",")).map(String::trim).filter(label -> !label.isEmpty()).toList();
        try {
            Clusters.checkLabels(Clusters.DEFAULT_LABEL, labels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--clusters: " + e.getMessage() + "\n" + USAGE);
        }
        return labels;
    }

    private static ReadAccess readAccess(String value) {
        try {
            return ReadAccess.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--read-access takes ANYONE or OWNER_OR_ADMIN, not " + value + "\n" + USAGE);
        }
    }

    private static int number(String option, String value, int least, int most, String range) {
        int number = number(option, value);
        if (number < least || number > most) {
            throw new IllegalArgumentException(option + " takes " + range + ", not " + value + "\n" + USAGE);
        }
        return number;
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, not " + value + "\n" + USAGE);
        }
    }
}
