package dev.batchapi.local.emr.spark;

import dev.batchapi.local.emr.run.JavaCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Spark that runs the local stack's steps: Spark's jars from Maven Central, started as a JVM of
 * their own, or a Spark distribution ({@code SPARK_HOME}) and its {@code bin/spark-submit}, which
 * can also run Python.
 */
public sealed interface SparkInstallation {

    /**
     * The command that stands for {@code spark-submit}, its JVM's temporary files in {@code tmpdir}
     * (with {@link #environment}).
     */
    List<String> sparkSubmit(Path tmpdir);

    /** What the command's environment adds, for its JVM's temporary files to go to {@code tmpdir}. */
    Map<String, String> environment(Path tmpdir);

    /** Whether PySpark applications can run: only a distribution brings Python's side of Spark. */
    boolean runsPython();

    /** Spark's jars (e.g. local/spark-runtime/target/spark-jars), run with this JVM's java. */
    record Jars(Path directory) implements SparkInstallation {

        /** The --add-opens Spark needs on Java 17 (its own list: org.apache.spark.launcher.JavaModuleOptions). */
        private static final List<String> JAVA_MODULE_OPTIONS = List.of(
                "-XX:+IgnoreUnrecognizedVMOptions",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.net=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
                "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
                "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
                "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                "-Djdk.reflect.useDirectMethodHandle=false");

        @Override
        public List<String> sparkSubmit(Path tmpdir) {
            return new JavaCommand(JAVA_MODULE_OPTIONS, List.of(), directory, "org.apache.spark.deploy.SparkSubmit").command(tmpdir);
        }

        @Override
        public Map<String, String> environment(Path tmpdir) {
            return Map.of();
        }

        @Override
        public boolean runsPython() {
            return false;
        }
    }

    /** A Spark distribution. */
    record Home(Path directory) implements SparkInstallation {

        @Override
        public List<String> sparkSubmit(Path tmpdir) {
            return List.of(directory.toAbsolutePath().resolve("bin").resolve("spark-submit").toString());
        }

        /** bin/spark-submit starts its JVM with the options in SPARK_SUBMIT_OPTS. */
        @Override
        public Map<String, String> environment(Path tmpdir) {
            return Map.of("SPARK_SUBMIT_OPTS", "-Djava.io.tmpdir=" + tmpdir.toAbsolutePath());
        }

        @Override
        public boolean runsPython() {
            return true;
        }
    }
}
