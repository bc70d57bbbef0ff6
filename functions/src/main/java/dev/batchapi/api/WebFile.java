package dev.batchapi.api;

import java.util.Map;

/**
 * An answer that is not JSON: a file of the batch page, with its media type and the headers that
 * keep it safe in a browser.
 */
record WebFile(String contentType, String body, Map<String, String> headers) {

    WebFile {
        headers = Map.copyOf(headers);
    }
}
