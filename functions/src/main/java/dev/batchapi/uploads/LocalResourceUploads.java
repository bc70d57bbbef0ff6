package dev.batchapi.uploads;

import dev.batchapi.batch.ResourceUploads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Uploads as files in a local folder (the local stack), run by spark-submit from there. */
public final class LocalResourceUploads implements ResourceUploads {

    private final Path folder;

    public LocalResourceUploads(Path folder) {
        this.folder = folder;
    }

    @Override
    public String locate(String batchId, String fileName) {
        return folder.resolve(batchId).resolve(fileName).toAbsolutePath().toString();
    }

    @Override
    public void store(String batchId, String fileName, byte[] content) {
        Path file = Path.of(locate(batchId, fileName));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + file, e);
        }
    }
}
