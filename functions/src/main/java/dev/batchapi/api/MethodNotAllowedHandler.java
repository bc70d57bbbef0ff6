package dev.batchapi.api;

import dev.batchapi.errors.MethodNotAllowedException;

/**
 * The catch-all (ANY) route of each API path: API Gateway sends a method the path does not serve
 * here, and it answers 405 rather than API Gateway's 404. Needs no AWS client.
 */
public final class MethodNotAllowedHandler extends HttpHandler {

    @Override
    protected Object handle(HttpRequest request) {
        throw new MethodNotAllowedException("Method " + request.method() + " is not allowed on " + request.path());
    }
}
