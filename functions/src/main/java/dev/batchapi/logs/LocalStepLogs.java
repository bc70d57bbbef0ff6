package dev.batchapi.logs;

import dev.batchapi.batch.log.StepLogLocation;
import dev.batchapi.batch.log.StepLogSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Step output kept as files under a {@code file:} LogUri (the local stack): plain, or gzipped as EMR uploads them. */
public final class LocalStepLogs implements StepLogSource {

    @Override
    public boolean reads(String logUri) {
        return logUri.startsWith("file:");
    }

    @Override
    public List<String> lines(StepLogLocation location, String file, long fromLine, int maxLines, boolean complete) {
        Path folder = Path.of(URI.create(location.folder()));
        Path plain = folder.resolve(file);
        Path gzipped = folder.resolve(file + ".gz");
        Path source = Files.exists(plain) ? plain : gzipped;
        if (!Files.exists(source)) {
            return List.of();
        }
        try {
            return LineWindow.read(Files.newInputStream(source), source == gzipped, fromLine, maxLines, complete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }
}
