package dev.batchapi.errors;

/** A backing service throttled us beyond its retries; the caller should retry later: 429. */
public final class ThrottledException extends ApiException {

    private static final long serialVersionUID = 1L;

    public ThrottledException(String message) {
        super(429, message);
    }
}
