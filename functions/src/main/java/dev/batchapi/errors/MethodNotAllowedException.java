package dev.batchapi.errors;

import java.util.List;
import java.util.Map;

/** The path exists, the method does not: 405, with the methods the path serves in Allow (RFC 9110 §15.5.6). */
public final class MethodNotAllowedException extends ApiException {

    private static final long serialVersionUID = 1L;

    private final List<String> allowed;

    public MethodNotAllowedException(String message, List<String> allowed) {
        super(405, message);
        this.allowed = List.copyOf(allowed);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Allow", String.join(", ", allowed));
    }
}
