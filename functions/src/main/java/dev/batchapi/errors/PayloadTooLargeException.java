package dev.batchapi.errors;

/** The request body is larger than the API accepts: 413. */
public final class PayloadTooLargeException extends ApiException {

    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String message) {
        super(413, message);
    }
}
