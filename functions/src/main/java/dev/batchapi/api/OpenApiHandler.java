package dev.batchapi.api;

import dev.batchapi.json.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/v1/openapi.json}: the API's OpenAPI document (the resource {@value #DOCUMENT} of
 * this jar), public in every auth mode as Kyuubi serves its own. It is read once, when the function
 * starts, and answered as it is stored. Needs no AWS client and no caller.
 */
public final class OpenApiHandler extends HttpHandler {

    static final String DOCUMENT = "/openapi.json";

    private final JsonText document;

    public OpenApiHandler() {
        this.document = new JsonText(read());
    }

    @Override
    protected Object handle(HttpRequest request) {
        return document;
    }

    private static String read() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException("The jar holds no " + DOCUMENT);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
