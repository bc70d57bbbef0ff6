package dev.batchapi.json;

import java.util.Objects;

/**
 * A JSON value already written, which {@link Json#write} copies as it is: a document kept as text
 * (the OpenAPI document) is served byte for byte rather than parsed and written again per request.
 * The text is trusted to be one JSON value; nothing checks it.
 */
public record JsonText(String text) {

    public JsonText {
        Objects.requireNonNull(text, "text");
    }
}
