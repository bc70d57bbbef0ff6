package dev.batchapi.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.batch.UploadExistsException;
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
    void aFileIsStoredInItsUsersFolderAndNeverReplacedLeavingNothingElse() throws IOException {
        LocalResourceUploads uploads = new LocalResourceUploads(folder);

        uploads.store("role/alice", "b1", "app.jar", new byte[] {1, 2, 3});

        Path stored = Path.of(uploads.locate("role/alice", "b1", "app.jar"));
        assertThat(stored).isEqualTo(folder.resolve("role%2Falice").resolve("b1").resolve("app.jar").toAbsolutePath());
        assertThatThrownBy(() -> uploads.store("role/alice", "b1", "app.jar", new byte[] {4, 5}))
                .isInstanceOf(UploadExistsException.class)
                .hasMessage("an uploaded file is already stored at " + stored);
        assertThat(Files.readAllBytes(stored)).containsExactly(1, 2, 3);
        try (Stream<Path> files = Files.list(stored.getParent())) {
            assertThat(files).containsExactly(stored);
        }
    }

    @Test
    void aUserNamedDotDotStaysInsideTheUploadFolder() throws IOException {
        LocalResourceUploads uploads = new LocalResourceUploads(folder);

        uploads.store("..", "b1", "app.jar", new byte[] {1});

        assertThat(Path.of(uploads.locate("..", "b1", "app.jar"))).isEqualTo(folder.resolve("%2E%2E/b1/app.jar").toAbsolutePath())
                .exists();
    }
}
