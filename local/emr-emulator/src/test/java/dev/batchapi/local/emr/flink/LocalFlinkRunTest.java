package dev.batchapi.local.emr.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.run.LocalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFlinkRunTest {

    private static final Path SCRATCH = Path.of("/logs/s-1/tmp");
    private static final String CLI_FRONTEND = "org.apache.flink.client.cli.CliFrontend";
    private static final List<String> LOCAL_PROPERTIES = List.of(
            "-Dexecution.target=local", "-Drest.bind-address=127.0.0.1", "-Djobmanager.bind-host=127.0.0.1");

    @TempDir
    Path work;
    private Path conf;
    private LocalFlinkRun flink;

    @BeforeEach
    void create() {
        conf = work.resolve("flink-conf");
        flink = LocalFlinkRun.withJars(Path.of("/opt/flink-jars"), conf);
    }

    @Test
    void aPerJobYarnSubmissionRunsAsFlinkRunOnTheLocalTargetWithItsNameAndProperties() {
        LocalCommand.Run run = (LocalCommand.Run) flink.plan(List.of("run", "-m", "yarn-cluster", "-c", "demo.FlinkSum",
                "-ynm", "sum", "-yD", "parallelism.default=2", "-yDpipeline.max-parallelism=4",
                "/apps/demo.jar", "10", "-x"), SCRATCH);

        assertThat(run.command().get(0)).endsWith("/bin/java");
        assertThat(run.command()).contains("--add-opens=java.base/java.util=ALL-UNNAMED", "-Djava.io.tmpdir=/logs/s-1/tmp",
                        "-cp", "/opt/flink-jars/*")
                .doesNotContain("yarn-cluster", "-m", "-ynm", "-yD");
        assertThat(afterCliFrontend(run)).containsExactly("run", "-t", "local", "-c", "demo.FlinkSum",
                "-Dpipeline.name=sum", "-Dparallelism.default=2", "-Dpipeline.max-parallelism=4",
                LOCAL_PROPERTIES.get(0), LOCAL_PROPERTIES.get(1), LOCAL_PROPERTIES.get(2), "/apps/demo.jar", "10", "-x");
        assertThat(run.environment()).isEqualTo(Map.of("FLINK_CONF_DIR", conf.toAbsolutePath().toString()));
    }

    @Test
    void anApplicationModeSubmissionRunsTheSameWay() {
        LocalCommand.Run run = (LocalCommand.Run) flink.plan(List.of("run-application", "-t", "yarn-application",
                "-c", "demo.FlinkSum", "-Dpipeline.name=sum", "-D", "parallelism.default=3", "/apps/demo.jar", "10"), SCRATCH);

        assertThat(afterCliFrontend(run)).containsExactly("run", "-t", "local", "-c", "demo.FlinkSum",
                "-Dpipeline.name=sum", "-Dparallelism.default=3",
                LOCAL_PROPERTIES.get(0), LOCAL_PROPERTIES.get(1), LOCAL_PROPERTIES.get(2), "/apps/demo.jar", "10");
    }

    @Test
    void theLocalSettingsComeAfterTheStepsSoTheJobStaysOnThisMachine() {
        LocalCommand.Run run = (LocalCommand.Run) flink.plan(List.of("run", "-c", "a.B",
                "-Dexecution.target=yarn-per-job", "-Drest.bind-address=0.0.0.0", "a.jar"), SCRATCH);

        assertThat(afterCliFrontend(run)).containsSubsequence("-Dexecution.target=yarn-per-job", "-Dexecution.target=local")
                .containsSubsequence("-Drest.bind-address=0.0.0.0", "-Drest.bind-address=127.0.0.1");
    }

    @Test
    void refusesWhatItDoesNotKnowSayingWhy() {
        assertThat(flink.plan(List.of("list"), SCRATCH)).isEqualTo(new LocalCommand.Refuse(
                "The local stack runs flink run and flink run-application only, not flink list"));
        assertThat(flink.plan(List.of(), SCRATCH)).isEqualTo(new LocalCommand.Refuse(
                "The local stack runs flink run and flink run-application only, not flink "));
        assertThat(flink.plan(List.of("run", "-d", "-c", "a.B", "a.jar"), SCRATCH)).isEqualTo(new LocalCommand.Refuse(
                "The local stack does not know flink's option -d; it takes -c, -m yarn-cluster, -t yarn-application, -ynm, -yD and -D"));
        assertThat(flink.plan(List.of("run", "-s", "hdfs:///savepoints/1", "a.jar"), SCRATCH)).isEqualTo(new LocalCommand.Refuse(
                "The local stack does not know flink's option -s; it takes -c, -m yarn-cluster, -t yarn-application, -ynm, -yD and -D"));
        assertThat(flink.plan(List.of("run", "-m", "jobmanager:8081", "a.jar"), SCRATCH)).isEqualTo(new LocalCommand.Refuse(
                "flink -m jobmanager:8081 cannot run in the local stack: it runs jobs on a local MiniCluster in place of"
                        + " YARN's yarn-application, yarn-cluster, yarn-per-job"));
        assertThat(flink.plan(List.of("run-application", "-t", "kubernetes-application", "a.jar"), SCRATCH))
                .isEqualTo(new LocalCommand.Refuse("flink -t kubernetes-application cannot run in the local stack: it runs"
                        + " jobs on a local MiniCluster in place of YARN's yarn-application, yarn-cluster, yarn-per-job"));
        assertThat(flink.plan(List.of("run", "-yD", "parallelism.default", "a.jar"), SCRATCH))
                .isEqualTo(new LocalCommand.Refuse("flink -yD takes key=value, not parallelism.default"));
        assertThat(flink.plan(List.of("run", "-D=x", "a.jar"), SCRATCH))
                .isEqualTo(new LocalCommand.Refuse("flink -D takes key=value, not =x"));
        assertThat(flink.plan(List.of("run", "-c"), SCRATCH))
                .isEqualTo(new LocalCommand.Refuse("flink -c needs a value"));
        assertThat(flink.plan(List.of("run", "-c", "a.B"), SCRATCH))
                .isEqualTo(new LocalCommand.Refuse("flink run was given no job jar"));
    }

    @Test
    void flinksCommandLineFindsTheConfigurationDirectoryItInsistsOnAndAnExistingOneIsKept() throws IOException {
        assertThat(conf.resolve("config.yaml")).content().startsWith("# The local stack gives Flink its settings");

        Files.writeString(conf.resolve("config.yaml"), "parallelism.default: 2\n");
        LocalFlinkRun.withJars(Path.of("/opt/flink-jars"), conf);

        assertThat(conf.resolve("config.yaml")).hasContent("parallelism.default: 2");
    }

    @Test
    void theFailureQuotesTheExceptionFlinksCommandLineEndedWithAndItsRootCause() throws IOException {
        Path stderr = stderr("""
                [main] WARN org.apache.flink.client.cli.CliFrontend - Could not load CLI class org.apache.flink.yarn.cli.FlinkYarnSessionCli.
                java.lang.ClassNotFoundException: org.apache.flink.yarn.cli.FlinkYarnSessionCli
                \tat java.base/java.lang.Class.forName(Class.java:375)
                2025-11-25 10:00:01,000 [main] ERROR org.apache.flink.client.cli.CliFrontend - Error while running the command.
                org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: \
                org.apache.flink.runtime.client.JobExecutionException: Job execution failed.
                \tat org.apache.flink.client.program.PackagedProgram.callMainMethod(PackagedProgram.java:373)
                Caused by: java.util.concurrent.ExecutionException: org.apache.flink.runtime.client.JobExecutionException: Job execution failed.
                \t... 9 more
                Caused by: org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy
                Caused by: java.lang.IllegalStateException: boom at 5
                \tat demo.Boom.lambda$main$0(Boom.java:7)
                2025-11-25 10:00:01,100 [BlobServer shutdown hook] ERROR org.apache.flink.runtime.blob.BlobServer - later noise
                java.io.IOException: not this one
                """);

        assertThat(flink.failureMessage(stderr)).contains("org.apache.flink.client.program.ProgramInvocationException:"
                + " The main method caused an error: org.apache.flink.runtime.client.JobExecutionException: Job execution"
                + " failed. Caused by: java.lang.IllegalStateException: boom at 5");
    }

    @Test
    void aRootCauseTheExceptionAlreadySaysIsNotRepeated() throws IOException {
        Path stderr = stderr("""
                [main] ERROR org.apache.flink.client.cli.CliFrontend - Invalid command line arguments.
                org.apache.flink.client.cli.CliArgsException: Could not get job jar and dependencies from JAR file: \
                JAR file does not exist: /nowhere/missing.jar
                \tat org.apache.flink.client.cli.CliFrontend.run(CliFrontend.java:225)
                Caused by: java.io.FileNotFoundException: JAR file does not exist: /nowhere/missing.jar
                \t... 6 more
                [main] INFO org.apache.flink.runtime.blob.BlobServer - Stopped
                """);

        assertThat(flink.failureMessage(stderr)).contains("org.apache.flink.client.cli.CliArgsException: Could not get"
                + " job jar and dependencies from JAR file: JAR file does not exist: /nowhere/missing.jar");
    }

    @Test
    void withoutAnErrorOfFlinksCommandLineThereIsNothingToQuote() throws IOException {
        assertThat(flink.failureMessage(stderr("[main] INFO org.apache.flink.client.cli.CliFrontend - Running 'run' command.\n")))
                .isEmpty();
        assertThat(flink.failureMessage(stderr("[main] ERROR org.apache.flink.client.cli.CliFrontend - Fatal error.\n")))
                .isEmpty();
        assertThat(flink.failureMessage(work.resolve("absent"))).isEmpty();
    }

    private Path stderr(String text) throws IOException {
        return Files.writeString(Files.createTempFile(work, "stderr", ""), text);
    }

    private static List<String> afterCliFrontend(LocalCommand.Run run) {
        return run.command().subList(run.command().indexOf(CLI_FRONTEND) + 1, run.command().size());
    }
}
