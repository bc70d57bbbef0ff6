package dev.batchapi.errors;

import java.util.Map;

/**
 * A failure the caller caused or must hear about, with the HTTP status that says which. The message
 * is shown to the caller as is: it names the field and the rule, never an internal detail.
 */
public abstract class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    protected ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Response headers the status calls for (a 401's challenge); none by default. */
    public Map<String, String> headers() {
        return Map.of();
    }
}
