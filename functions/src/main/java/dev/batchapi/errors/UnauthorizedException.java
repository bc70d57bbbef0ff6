package dev.batchapi.errors;

/** No or bad credentials: 401. */
public final class UnauthorizedException extends ApiException {

    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message) {
        super(401, message);
    }
}
