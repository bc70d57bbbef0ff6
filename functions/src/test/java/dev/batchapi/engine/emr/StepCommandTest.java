package dev.batchapi.engine.emr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchSpec;
import dev.batchapi.batch.BatchType;
import dev.batchapi.batch.RunLimits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepCommandTest {

    @Test
    void sparkRunsSparkSubmitInClusterModeWithConfSortedAndArgsAfterTheResource() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.executor.memory", "2g");
        conf.put("spark.driver.extraJavaOptions", "-Da=b -Dc=d");

        List<String> args = StepCommand.args(batch(BatchType.SPARK, "Pi job", "org.example.Pi", conf, List.of("100", "--x")));

        assertThat(args).containsExactly("spark-submit", "--deploy-mode", "cluster",
                "--class", "org.example.Pi", "--name", "Pi job",
                "--conf", "spark.driver.extraJavaOptions=-Da=b -Dc=d",
                "--conf", "spark.executor.memory=2g",
                "s3://b/app.jar", "100", "--x");
    }

    @Test
    void pysparkHasNoClassAndAnUnnamedBatchNoName() {
        List<String> args = StepCommand.args(batch(BatchType.PYSPARK, null, null, Map.of(), List.of()));

        assertThat(args).containsExactly("spark-submit", "--deploy-mode", "cluster", "s3://b/app.jar");
    }

    @Test
    void flinkRunsInApplicationModeSoMainRunsInTheJobManagerWithNameAndConfAsDynamicProperties() {
        List<String> args = StepCommand.args(batch(BatchType.FLINK, "wc", "org.example.WordCount",
                Map.of("taskmanager.numberOfTaskSlots", "2", "parallelism.default", "4"), List.of("--input", "s3://b/in")));

        assertThat(args).containsExactly("flink", "run-application", "-t", "yarn-application", "-c", "org.example.WordCount",
                "-Dyarn.application.name=wc", "-Dparallelism.default=4", "-Dtaskmanager.numberOfTaskSlots=2",
                "s3://b/app.jar", "--input", "s3://b/in");
    }

    @Test
    void anUnnamedFlinkBatchGetsNoApplicationName() {
        List<String> args = StepCommand.args(batch(BatchType.FLINK, null, "org.example.WordCount", Map.of(), List.of()));

        assertThat(args).containsExactly("flink", "run-application", "-t", "yarn-application", "-c", "org.example.WordCount",
                "s3://b/app.jar");
    }

    @Test
    void aFlinkValueThatLooksLikeAnOptionStaysInsideItsProperty() {
        List<String> args = StepCommand.args(batch(BatchType.FLINK, "-t local", "a.B",
                Map.of("k", "v -c other.Main"), List.of()));

        assertThat(args).contains("-Dyarn.application.name=-t local", "-Dk=v -c other.Main");
        assertThat(args).containsOnlyOnce("-t", "-c");
    }

    @Test
    void valuesThatLookLikeOptionsStayBehindTheOptionThatConsumesThem() {
        List<String> args = StepCommand.args(batch(BatchType.SPARK, "--jars evil.jar", "a.B",
                Map.of("spark.x", "--conf spark.y=z"), List.of("--class", "other.Main")));

        assertThat(args).containsSubsequence("--name", "--jars evil.jar");
        assertThat(args).containsSubsequence("--conf", "spark.x=--conf spark.y=z");
        // everything after the resource belongs to the application, not to spark-submit
        assertThat(args.subList(args.indexOf("s3://b/app.jar") + 1, args.size())).containsExactly("--class", "other.Main");
    }

    @Test
    void totalLengthCountsTheJarAndEveryArgument() {
        assertThat(StepCommand.totalLength(List.of("ab", "cde"))).isEqualTo("command-runner.jar".length() + 5);
    }

    static Batch batch(BatchType type, String name, String className, Map<String, String> conf, List<String> args) {
        return Batch.pending("4f1c0b8e-27a4-4b52-9d44-0a7e2e0b9f3d", "alice", type, name,
                new BatchSpec("s3://b/app.jar", className, conf, args), "test", 1L, "j-1", RunLimits.DEFAULT);
    }
}
