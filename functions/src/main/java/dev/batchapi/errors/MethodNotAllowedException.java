package dev.batchapi.errors;

/** The path exists, the method does not: 405. */
public final class MethodNotAllowedException extends ApiException {

    private static final long serialVersionUID = 1L;

    public MethodNotAllowedException(String message) {
        super(405, message);
    }
}
