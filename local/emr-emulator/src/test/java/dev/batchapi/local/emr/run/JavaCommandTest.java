package dev.batchapi.local.emr.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaCommandTest {

    @Test
    void runsThisJavaWithTheOptionsTheTemporaryDirectoryThePropertiesAndTheJarsBeforeTheMainClass() {
        JavaCommand java = new JavaCommand(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED"), List.of("-Dlog=info"),
                Path.of("/opt/jars"), "a.Main");

        assertThat(java.command(Path.of("/logs/s-1/tmp"))).containsExactly(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djava.io.tmpdir=/logs/s-1/tmp", "-Dlog=info",
                "-cp", "/opt/jars/*", "a.Main");
    }
}
