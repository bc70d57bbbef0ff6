package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.batch.ReadAccess;
import dev.batchapi.batch.ShareLimits;
import dev.batchapi.local.sam.SamTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalOptionsTest {

    private static final Path JAR_DIRECTORY = Path.of("/repo/local/server/target");

    @Test
    void defaultsServeOn8080WithOneStepAtATimeAndSparksAndFlinksJarsFromTheBuild() {
        LocalOptions options = LocalOptions.parse(new String[0], Map.of(), JAR_DIRECTORY);

        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.dataDir()).isEqualTo(Path.of(".batch-api-local").toAbsolutePath());
        assertThat(options.stepConcurrency()).isEqualTo(1);
        assertThat(options.admins()).isEmpty();
        assertThat(options.sparkHome()).isEmpty();
        assertThat(options.usersFile()).isEmpty();
        assertThat(options.readAccess()).isEqualTo(ReadAccess.ANYONE);
        assertThat(options.clusters()).isEmpty();
        assertThat(options.maxActiveSteps()).as("as deployed").isEqualTo(ShareLimits.DEFAULT_MAX_ACTIVE);
        assertThat(options.maxActivePerUser()).as("no cap").isZero();
        assertThat(options.syncEvery()).as("the template's SyncSchedule").isEmpty();
        assertThat(options.sparkJars()).isEqualTo(Path.of("/repo/local/spark-runtime/target/spark-jars"));
        assertThat(options.flinkJars()).isEqualTo(Path.of("/repo/local/flink-runtime/target/flink-jars"));
    }

    @Test
    void readsEveryOptionAndSparkHome() {
        LocalOptions options = LocalOptions.parse(new String[] {"--port", "0", "--data-dir", "/data",
                "--step-concurrency", "3", "--admins", "alice, bob", "--users-file", "/etc/users.json",
                "--read-access", "owner_or_admin", "--clusters", "etl, adhoc", "--max-active-steps", "2",
                "--max-active-per-user", "1", "--sync-every", "2", "--spark-jars", "/jars", "--flink-jars", "/flink-jars"},
                Map.of("SPARK_HOME", "/opt/spark"), JAR_DIRECTORY);

        assertThat(options).isEqualTo(new LocalOptions(0, Path.of("/data"), 3, Set.of("alice", "bob"),
                Optional.of(Path.of("/etc/users.json")), ReadAccess.OWNER_OR_ADMIN, List.of("etl", "adhoc"),
                2, 1, Optional.of(Duration.ofSeconds(2)),
                Optional.of(Path.of("/opt/spark")),
                Path.of("/jars"),
                Path.of("/flink-jars")));
    }

    @Test
    void refusesWhatItDoesNotKnowWithTheUsage() {
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--verbose", "x"}, Map.of(), JAR_DIRECTORY))
                .hasMessageStartingWith("unknown option --verbose").hasMessageContaining(LocalOptions.USAGE);
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--port"}, Map.of(), JAR_DIRECTORY))
                .hasMessageStartingWith("--port needs a value");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--port", "http"}, Map.of(), JAR_DIRECTORY))
                .hasMessageStartingWith("--port takes a number, not http");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--read-access", "everyone"}, Map.of(), JAR_DIRECTORY))
                .hasMessageStartingWith("--read-access takes ANYONE or OWNER_OR_ADMIN, not everyone");
    }

    @Test
    void aClustersLimitOfActiveStepsIsFrom1ToEmrsLimit() {
        assertThat(parse("--max-active-steps", "1").maxActiveSteps()).isEqualTo(1);
        assertThat(parse("--max-active-steps", "256").maxActiveSteps()).isEqualTo(ShareLimits.EMR_MAX_ACTIVE);
        for (String outside : new String[] {"0", "257", "-1"}) {
            assertThatThrownBy(() -> parse("--max-active-steps", outside)).as(outside)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--max-active-steps takes 1 to 256 (EMR's limit of active steps on a cluster), not "
                            + outside + "\n")
                    .hasMessageContaining(LocalOptions.USAGE);
        }
        assertThatThrownBy(() -> parse("--max-active-steps", "many"))
                .hasMessageStartingWith("--max-active-steps takes a number, not many\n");
    }

    @Test
    void aUsersCapIsZeroForNoneOrAPositiveNumber() {
        assertThat(parse("--max-active-per-user", "0").maxActivePerUser()).isZero();
        assertThat(parse("--max-active-per-user", "3").maxActivePerUser()).isEqualTo(3);
        assertThatThrownBy(() -> parse("--max-active-per-user", "-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--max-active-per-user takes 0 (no cap) or more, not -1\n")
                .hasMessageContaining(LocalOptions.USAGE);
        assertThatThrownBy(() -> parse("--max-active-per-user", "1.5"))
                .hasMessageStartingWith("--max-active-per-user takes a number, not 1.5\n");
    }

    @Test
    void theSyncRunsEveryPositiveWholeNumberOfSeconds() {
        assertThat(parse("--sync-every", "1").syncEvery()).contains(Duration.ofSeconds(1));
        assertThat(parse("--sync-every", "300").syncEvery()).contains(Duration.ofMinutes(5));
        for (String notPositive : new String[] {"0", "-2"}) {
            assertThatThrownBy(() -> parse("--sync-every", notPositive)).as(notPositive)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--sync-every takes a whole number of seconds, 1 or more, not " + notPositive + "\n")
                    .hasMessageContaining(LocalOptions.USAGE);
        }
        for (String notWhole : new String[] {"2s", "0.5"}) {
            assertThatThrownBy(() -> parse("--sync-every", notWhole)).as(notWhole)
                    .hasMessageStartingWith("--sync-every takes a number, not " + notWhole + "\n");
        }
    }

    @Test
    void extraClustersAreLabelsAsTheApiChecksThemBesideTheDefaultOne() {
        for (String clusters : new String[] {"Etl", "etl,etl", "default", "etl_2"}) {
            assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--clusters", clusters}, Map.of(), JAR_DIRECTORY))
                    .as(clusters).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--clusters: the ").hasMessageContaining(LocalOptions.USAGE);
        }
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--clusters", "etl,default"}, Map.of(), JAR_DIRECTORY))
                .hasMessageStartingWith("--clusters: the label default names two clusters");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--clusters", "ETL"}, Map.of(), JAR_DIRECTORY))
                .hasMessageStartingWith("--clusters: the cluster label ETL is not [a-z][a-z0-9-]{0,31}");
        assertThat(LocalOptions.parse(new String[] {"--clusters", ""}, Map.of(), JAR_DIRECTORY).clusters()).isEmpty();
    }

    @Test
    void helpIsAskedForWithEitherFormWhereAnOptionGoes() {
        assertThat(LocalOptions.asksForHelp(new String[] {"--help"})).isTrue();
        assertThat(LocalOptions.asksForHelp(new String[] {"-h"})).isTrue();
        assertThat(LocalOptions.asksForHelp(new String[] {"--port", "0", "-h"})).isTrue();
        assertThat(LocalOptions.asksForHelp(new String[] {"--admins", "-h"})).as("a value, not an option").isFalse();
        assertThat(LocalOptions.asksForHelp(new String[] {"--port", "0"})).isFalse();
        assertThat(LocalOptions.USAGE).contains("--port N", "--data-dir DIR", "--step-concurrency N", "--admins", "--read-access",
                "--clusters etl,adhoc", "--max-active-steps N", "--max-active-per-user N", "--sync-every SECONDS", "--users-file FILE", "--spark-jars DIR", "--flink-jars DIR", "-h, --help", "SPARK_HOME", "SIGTERM");
    }

    @Test
    void schedulesAreEventBridgeRates() {
        assertThat(LocalEventBridge.rate("rate(1 minute)")).isEqualTo(Duration.ofMinutes(1));
        assertThat(LocalEventBridge.rate("rate(5 minutes)")).isEqualTo(Duration.ofMinutes(5));
        assertThat(LocalEventBridge.rate("rate(2 hours)")).isEqualTo(Duration.ofHours(2));
        assertThat(LocalEventBridge.rate("rate(1 day)")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> LocalEventBridge.rate("cron(0 12 * * ? *)"))
                .hasMessage("the local stack runs rate(...) schedules only, not cron(0 12 * * ? *)");
    }

    /** --sync-every sets the period of every schedule: it must remain the state sync's alone. */
    @Test
    void theTemplatesOnlyScheduleIsTheStateSyncsSyncSchedule() {
        SamTemplate template = LocalStack.template();

        assertThat(template.functions()).filteredOn(function -> !function.schedules().isEmpty())
                .singleElement().satisfies(function -> {
                    assertThat(function.logicalId()).isEqualTo("SyncBatchStatesFunction");
                    assertThat(function.schedules()).containsExactly(String.valueOf(template.parameterDefault("SyncSchedule").orElseThrow()));
                });
    }

    private static LocalOptions parse(String... args) {
        return LocalOptions.parse(args, Map.of(), JAR_DIRECTORY);
    }
}
