package dev.batchapi.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A text file the functions' jar carries (the OpenAPI document, the batch page's files). */
final class JarFile {

    private JarFile() {
    }

    /** @throws IllegalStateException if the jar has no such file: the function cannot start without it */
    static String text(String path) {
        try (InputStream in = JarFile.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("The jar holds no " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
