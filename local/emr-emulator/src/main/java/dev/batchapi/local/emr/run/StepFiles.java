package dev.batchapi.local.emr.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a step's logs go: {@code <LogUri>/<cluster-id>/steps/<step-id>/}, with {@code controller},
 * {@code stdout} and {@code stderr}, as EMR lays them out (EMR gzips them on upload; here they are
 * plain, written as the step runs). A local LogUri is a {@code file:} URI or a path.
 */
record StepFiles(URI logUri, Path directory) {

    static StepFiles of(StepLaunch launch, Path defaultLogRoot) {
        URI logUri = launch.logUri()
                .map(uri -> uri.contains(":") ? URI.create(uri) : Path.of(uri).toUri())
                .filter(uri -> "file".equals(uri.getScheme()))
                .orElse(defaultLogRoot.toUri());
        Path directory = Path.of(logUri).resolve(launch.clusterId()).resolve("steps").resolve(launch.stepId());
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        return new StepFiles(logUri, directory);
    }

    Path controller() {
        return directory.resolve("controller");
    }

    Path stdout() {
        return directory.resolve("stdout");
    }

    Path stderr() {
        return directory.resolve("stderr");
    }

    /** The process's temporary files, while it runs: not a part of EMR's layout. */
    Path scratch() {
        return directory.resolve("tmp");
    }
}
