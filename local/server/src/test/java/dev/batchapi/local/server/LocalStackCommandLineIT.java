package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's command line where it does not become a stack: the usage asked for, a port someone else has. */
class LocalStackCommandLineIT {

    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Path OUTPUT = Path.of("target", "local-stack-command-line-it.log");

    @Test
    void helpAndItsShortFormPrintTheUsageAndExitZero() throws Exception {
        for (String help : new String[] {"--help", "-h"}) {
            StackProcess.Exited exited = StackProcess.run(OUTPUT, RUN, "--port", "8080", help);

            assertThat(exited.code()).as(help).isZero();
            assertThat(exited.output()).as(help).first().asString().startsWith("usage: java -jar batch-api-local.jar");
            assertThat(String.join("\n", exited.output())).as(help).isEqualTo(LocalOptions.USAGE);
        }
    }

    @Test
    void anOptionOutsideItsRangeIsRefusedWithExitTwoBeforeAnythingStarts(@TempDir Path dataDir) throws Exception {
        StackProcess.Exited exited = StackProcess.run(OUTPUT, RUN, "--port", "0", "--data-dir", dataDir.toString(),
                "--max-active-steps", "300");

        assertThat(exited.code()).isEqualTo(2);
        assertThat(exited.output()).first().isEqualTo(
                "--max-active-steps takes 1 to 256 (EMR's limit of active steps on a cluster), not 300");
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void aPortInUseIsNamedAndTheJarExitsOneWithoutAStackTrace(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(LocalHttpFront.HOST))) {
            int port = taken.getLocalPort();

            StackProcess.Exited exited = StackProcess.run(OUTPUT, RUN, "--port", String.valueOf(port),
                    "--data-dir", dataDir.toString());

            assertThat(exited.code()).isEqualTo(1);
            assertThat(exited.output()).containsExactly(
                    "The local stack could not start: port " + port + " on 127.0.0.1 is already in use");
        }
    }
}
