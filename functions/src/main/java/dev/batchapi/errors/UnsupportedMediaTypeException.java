package dev.batchapi.errors;

/** The request body's content type is not one the endpoint reads: 415. */
public final class UnsupportedMediaTypeException extends ApiException {

    private static final long serialVersionUID = 1L;

    public UnsupportedMediaTypeException(String message) {
        super(415, message);
    }
}
