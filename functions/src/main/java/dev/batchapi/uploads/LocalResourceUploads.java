package dev.batchapi.uploads;

import dev.batchapi.batch.ResourceUploads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

    /**
     * Written beside the file, then moved in place at once: a concurrent duplicate submit (a client's
     * retry) rewrites the same file, and spark-submit must never read one half written.
     */
    @Override
    public void store(String batchId, String fileName, byte[] content) {
        Path file = Path.of(locate(batchId, fileName));
        try {
            Files.createDirectories(file.getParent());
            Path written = Files.write(Files.createTempFile(file.getParent(), "." + fileName, ".part"), content);
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + file, e);
        }
    }
}
