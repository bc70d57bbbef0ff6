package dev.batchapi.local.emr.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.run.LocalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSparkSubmitTest {

    private static final Path SCRATCH = Path.of("/logs/s-1/tmp");
    private static final LocalSparkSubmit JARS = new LocalSparkSubmit(new SparkInstallation.Jars(Path.of("/opt/spark-jars")));
    private static final LocalSparkSubmit HOME = new LocalSparkSubmit(new SparkInstallation.Home(Path.of("/opt/spark")));

    @Test
    void aClusterSubmitBecomesALocalOneWithTheSameOptionsResourceAndArguments() {
        LocalCommand plan = HOME.plan(List.of("--deploy-mode", "cluster",
                "--class", "demo.SparkPi", "--name", "pi", "--conf", "spark.executor.memory=1g",
                "/apps/demo.jar", "10", "--verbose"), SCRATCH);

        assertThat(plan).isEqualTo(new LocalCommand.Run(List.of("/opt/spark/bin/spark-submit",
                "--master", "local[*]", "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--class", "demo.SparkPi", "--name", "pi", "--conf", "spark.executor.memory=1g",
                "/apps/demo.jar", "10", "--verbose"), Map.of("SPARK_LOCAL_IP", "127.0.0.1")));
    }

    @Test
    void sparksJarsRunAsAJvmWithSparksModuleOptions() {
        List<String> command = ((LocalCommand.Run) JARS.plan(
                List.of("--master", "yarn", "--class", "a.B", "a.jar"), SCRATCH)).command();

        assertThat(command.get(0)).endsWith("/bin/java");
        assertThat(command).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-cp", "/opt/spark-jars/*",
                "org.apache.spark.deploy.SparkSubmit");
        assertThat(command.subList(command.indexOf("org.apache.spark.deploy.SparkSubmit"), command.size()))
                .containsSubsequence("--master", "local[*]", "--class", "a.B", "a.jar")
                .doesNotContain("yarn");
    }

    @Test
    void refusesWhatCannotRunHereSayingWhy() {
        assertThat(JARS.plan(List.of("--deploy-mode", "cluster", "s3://b/job.py"), SCRATCH))
                .isEqualTo(new LocalCommand.Refuse("PySpark needs a Spark distribution: start the local stack "
                        + "with SPARK_HOME set to one (Spark's Maven Central jars, which it uses otherwise, cannot run Python)"));
        assertThat(HOME.plan(List.of("--deploy-mode", "cluster", "job.py"), SCRATCH)).isInstanceOf(LocalCommand.Run.class);
        assertThat(JARS.plan(List.of("--class", "a.B"), SCRATCH))
                .isEqualTo(new LocalCommand.Refuse("spark-submit was given no application jar or file"));
    }

    @Test
    void theFailureQuotesTheLastErrorLedByTheMissingFileThatCausedIt(@TempDir Path directory) throws IOException {
        Path stderr = Files.writeString(directory.resolve("stderr"), String.join("\n",
                "25/11/25 10:00:00 WARN DependencyUtils: Local jar /nowhere/missing.jar does not exist, skipping.",
                "Error: Failed to load class demo.SparkPi.",
                "\tat org.apache.spark.deploy.SparkSubmit.main(SparkSubmit.scala)",
                ""));

        assertThat(JARS.failureMessage(stderr)).contains("DependencyUtils: Local jar /nowhere/missing.jar does not exist, skipping."
                + " Error: Failed to load class demo.SparkPi.");
        assertThat(JARS.failureMessage(Files.writeString(directory.resolve("quiet"), "all fine\n"))).isEmpty();
    }
}
