package dev.batchapi.batch;

/**
 * The engine did not answer (network fault, timeout, server error): whether a submit took effect is
 * unknown, so nothing may be concluded from it. The sync reconciles later.
 */
public final class EngineUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
