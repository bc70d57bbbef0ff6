package dev.batchapi.local.emr.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalSparkSubmitTest {

    private static final SparkInstallation JARS = new SparkInstallation.Jars(Path.of("/opt/spark-jars"));
    private static final SparkInstallation HOME = new SparkInstallation.Home(Path.of("/opt/spark"));

    @Test
    void aClusterSubmitBecomesALocalOneWithTheSameOptionsResourceAndArguments() {
        LocalSparkSubmit.Plan plan = LocalSparkSubmit.plan(List.of("spark-submit", "--deploy-mode", "cluster",
                "--class", "demo.SparkPi", "--name", "pi", "--conf", "spark.executor.memory=1g",
                "/apps/demo.jar", "10", "--verbose"), HOME);

        assertThat(plan).isEqualTo(new LocalSparkSubmit.Run(List.of("/opt/spark/bin/spark-submit",
                "--master", "local[*]", "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--class", "demo.SparkPi", "--name", "pi", "--conf", "spark.executor.memory=1g",
                "/apps/demo.jar", "10", "--verbose")));
    }

    @Test
    void sparksJarsRunAsAJvmWithSparksModuleOptions() {
        List<String> command = ((LocalSparkSubmit.Run) LocalSparkSubmit.plan(
                List.of("spark-submit", "--master", "yarn", "--class", "a.B", "a.jar"), JARS)).command();

        assertThat(command.get(0)).endsWith("/bin/java");
        assertThat(command).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-cp", "/opt/spark-jars/*",
                "org.apache.spark.deploy.SparkSubmit");
        assertThat(command.subList(command.indexOf("org.apache.spark.deploy.SparkSubmit"), command.size()))
                .containsSubsequence("--master", "local[*]", "--class", "a.B", "a.jar")
                .doesNotContain("yarn");
    }

    @Test
    void refusesWhatCannotRunHereSayingWhy() {
        assertThat(LocalSparkSubmit.plan(List.of("spark-submit", "--deploy-mode", "cluster", "s3://b/job.py"), JARS))
                .isEqualTo(new LocalSparkSubmit.Refuse("PySpark needs a Spark distribution: start the local stack "
                        + "with SPARK_HOME set to one (Spark's Maven Central jars, which it uses otherwise, cannot run Python)"));
        assertThat(LocalSparkSubmit.plan(List.of("spark-submit", "--deploy-mode", "cluster", "job.py"), HOME))
                .isInstanceOf(LocalSparkSubmit.Run.class);
        assertThat(LocalSparkSubmit.plan(List.of("flink", "run", "-m", "yarn-cluster", "a.jar"), JARS))
                .isEqualTo(new LocalSparkSubmit.Refuse("Flink steps cannot run in the local stack: it has Spark only"));
        assertThat(LocalSparkSubmit.plan(List.of("hive-script", "--run-hive-script"), JARS))
                .isEqualTo(new LocalSparkSubmit.Refuse("The local stack's command-runner.jar runs spark-submit only, not hive-script"));
        assertThat(LocalSparkSubmit.plan(List.of("spark-submit", "--class", "a.B"), JARS))
                .isEqualTo(new LocalSparkSubmit.Refuse("spark-submit was given no application jar or file"));
        assertThat(LocalSparkSubmit.plan(List.of(), JARS)).isEqualTo(new LocalSparkSubmit.Refuse("The step has no command"));
    }
}
