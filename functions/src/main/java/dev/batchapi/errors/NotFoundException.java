package dev.batchapi.errors;

/** No such batch or path: 404. */
public final class NotFoundException extends ApiException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(404, message);
    }
}
