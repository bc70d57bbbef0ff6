package dev.batchapi.errors;

/** The request clashes with what another request did or is doing: 409. */
public final class ConflictException extends ApiException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(409, message);
    }
}
