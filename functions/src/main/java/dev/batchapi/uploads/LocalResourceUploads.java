package dev.batchapi.uploads;

import dev.batchapi.batch.ResourceUploads;
import dev.batchapi.batch.UploadExistsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Uploads as files in a local folder (the local stack), {@code <folder>/<user>/<batch-id>/<file>}
 * (the user as {@link UploadPath} writes it), run by spark-submit from there.
 */
public final class LocalResourceUploads implements ResourceUploads {

    private final Path folder;

    public LocalResourceUploads(Path folder) {
        this.folder = folder;
    }

    @Override
    public String locate(String user, String batchId, String fileName) {
        return folder.resolve(UploadPath.of(user, batchId, fileName)).toAbsolutePath().toString();
    }

    /**
     * Written beside the file, then linked in place: spark-submit never reads a file half written,
     * and a link, unlike a move, fails if the file exists, so a stored file is never replaced.
     */
    @Override
    public void store(String user, String batchId, String fileName, byte[] content) {
        Path file = Path.of(locate(user, batchId, fileName));
        try {
            Files.createDirectories(file.getParent());
            Path written = Files.write(Files.createTempFile(file.getParent(), "." + fileName, ".part"), content);
            try {
                Files.createLink(file, written);
            } catch (FileAlreadyExistsException e) {
                throw new UploadExistsException(file.toString());
            } finally {
                Files.delete(written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + file, e);
        }
    }
}
