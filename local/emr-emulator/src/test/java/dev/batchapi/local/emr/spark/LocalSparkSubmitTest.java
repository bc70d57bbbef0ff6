package dev.batchapi.local.emr.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.run.LocalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
                "--class", "demo.SparkPi", "--name", "pi", "--conf", "spark.executor.memory=1g",
                "--master", "local[*]", "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.local.dir=/logs/s-1/tmp",
                "/apps/demo.jar", "10", "--verbose"),
                Map.of("SPARK_LOCAL_IP", "127.0.0.1", "SPARK_SUBMIT_OPTS", "-Djava.io.tmpdir=/logs/s-1/tmp")));
    }

    @Test
    void theStepsOwnSettingsCannotOverrideWhatTheLocalStackForces() {
        List<String> command = ((LocalCommand.Run) HOME.plan(List.of("--master", "yarn",
                "--conf", "spark.ui.enabled=true", "--conf", "spark.driver.bindAddress=0.0.0.0",
                "--conf", "spark.driver.host=203.0.113.7", "-c", "spark.local.dir=/x", "--conf", "spark.executor.cores=2",
                "/apps/demo.jar", "--conf", "spark.ui.enabled=true"), SCRATCH)).command();

        assertThat(lastSettings(command)).containsEntry("--master", "local[*]")
                .containsEntry("spark.ui.enabled", "false")
                .containsEntry("spark.driver.bindAddress", "127.0.0.1")
                .containsEntry("spark.driver.host", "127.0.0.1")
                .containsEntry("spark.local.dir", "/logs/s-1/tmp")
                .containsEntry("spark.executor.cores", "2");
        // The application's own arguments are its business, after the resource.
        assertThat(command.subList(command.indexOf("/apps/demo.jar"), command.size()))
                .containsExactly("/apps/demo.jar", "--conf", "spark.ui.enabled=true");
    }

    @Test
    void sparksJarsRunAsAJvmWithSparksModuleOptions() {
        List<String> command = ((LocalCommand.Run) JARS.plan(
                List.of("--master", "yarn", "--class", "a.B", "a.jar"), SCRATCH)).command();

        assertThat(command.get(0)).endsWith("/bin/java");
        assertThat(command).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Djava.io.tmpdir=/logs/s-1/tmp",
                "-cp", "/opt/spark-jars/*", "org.apache.spark.deploy.SparkSubmit", "spark.local.dir=/logs/s-1/tmp");
        assertThat(command.subList(command.indexOf("org.apache.spark.deploy.SparkSubmit"), command.size()))
                .containsSubsequence("--class", "a.B", "--master", "local[*]", "a.jar")
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

    /**
     * What spark-submit makes of its options before the resource: the last --master, and the last
     * value of each --conf (or -c) key, as spark-submit keeps them.
     */
    private static Map<String, String> lastSettings(List<String> command) {
        Map<String, String> settings = new HashMap<>();
        for (int i = command.indexOf("/opt/spark/bin/spark-submit") + 1; i + 1 < command.size()
                && !command.get(i).equals("/apps/demo.jar"); i++) {
            String option = command.get(i);
            if (option.equals("--master")) {
                settings.put(option, command.get(++i));
            } else if (option.equals("--conf") || option.equals("-c")) {
                String[] setting = command.get(++i).split("=", 2);
                settings.put(setting[0], setting[1]);
            }
        }
        return settings;
    }
}
