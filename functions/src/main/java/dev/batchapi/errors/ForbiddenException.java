package dev.batchapi.errors;

/** The caller may not do this: 403. */
public final class ForbiddenException extends ApiException {

    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(403, message);
    }
}
