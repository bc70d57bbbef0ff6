package dev.batchapi.errors;

/** Malformed or invalid input: 400. */
public final class BadRequestException extends ApiException {

    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(400, message);
    }
}
