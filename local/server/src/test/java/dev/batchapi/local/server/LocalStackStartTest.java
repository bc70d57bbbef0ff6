package dev.batchapi.local.server;

import dev.batchapi.batch.ReadAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stack that cannot start, in this JVM: it closes what it had opened before it says why. */
class LocalStackStartTest {

    @Test
    void aStartThatFailsOnceItsPartsAreOpenClosesThemAndLetsItsPortGo(@TempDir Path dataDir) throws IOException {
        int port = freePort();
        // Step concurrency 0 is refused when the EMR cluster is made: after the HTTP port, DynamoDB and EMR opened.
        LocalOptions options = new LocalOptions(port, dataDir, 0, Set.of(), Optional.empty(), ReadAccess.ANYONE,
                List.of(), 200, 0, Optional.empty(), Optional.empty(), dataDir.resolve("spark-jars"), dataDir.resolve("flink-jars"));
        StackParts parts = new StackParts();

        assertThatThrownBy(() -> LocalStack.open(options, parts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StepConcurrencyLevel 0 is not within 1-256");

        assertThat(parts.close()).as("parts left open").isFalse();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName(LocalHttpFront.HOST))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LocalHttpFront.HOST))) {
            return socket.getLocalPort();
        }
    }
}
