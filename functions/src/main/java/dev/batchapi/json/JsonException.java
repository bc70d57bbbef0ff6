package dev.batchapi.json;

/** The text is not the JSON we accept; the message says where and why, in words for the caller. */
public final class JsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JsonException(String message) {
        super(message);
    }
}
