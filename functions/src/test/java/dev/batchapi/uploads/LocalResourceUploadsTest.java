package dev.batchapi.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalResourceUploadsTest {

    @TempDir
    Path folder;

    @Test
    void aFileIsStoredWhereItIsLocatedAndARewriteReplacesItLeavingNothingElse() throws IOException {
        LocalResourceUploads uploads = new LocalResourceUploads(folder);

        uploads.store("b1", "app.jar", new byte[] {1, 2, 3});
        uploads.store("b1", "app.jar", new byte[] {4, 5});

        Path stored = Path.of(uploads.locate("b1", "app.jar"));
        assertThat(stored).isEqualTo(folder.resolve("b1").resolve("app.jar").toAbsolutePath());
        assertThat(Files.readAllBytes(stored)).containsExactly(4, 5);
        try (Stream<Path> files = Files.list(folder.resolve("b1"))) {
            assertThat(files).containsExactly(folder.resolve("b1").resolve("app.jar"));
        }
    }
}
