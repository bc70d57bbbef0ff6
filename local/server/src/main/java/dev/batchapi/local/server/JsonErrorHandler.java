package dev.batchapi.local.server;

import dev.batchapi.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Every error answer of the front, as API Gateway words its own: {@code {"message":"Not Found"}},
 * JSON, never an HTML page, an exception's name or its message. Jetty calls it for what its parser
 * refuses and for a handler that fails; the API calls it (through {@link Response#writeError}) for
 * its own refusals, so that there is one shape of error.
 */
final class JsonErrorHandler implements Request.Handler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = status(request, response);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        String body = Json.write(Map.of("message", message(status)));
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /**
     * The status of the error, except that a request line in a version this front does not speak
     * (HTTP/0.9's bare target, which is also what an empty target reads as, or HTTP/2's preface on
     * this HTTP/1.1 port) is a malformed request, 400, rather than Jetty's 505 or 426.
     */
    private static int status(Request request, Response response) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
        return status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 || status == HttpStatus.UPGRADE_REQUIRED_426
                ? HttpStatus.BAD_REQUEST_400
                : status;
    }

    /** API Gateway's words for the status; the standard reason phrase where it has none of its own. */
    private static String message(int status) {
        return switch (status) {
            case HttpStatus.PAYLOAD_TOO_LARGE_413 -> "Request Entity Too Large";
            case HttpStatus.INTERNAL_SERVER_ERROR_500 -> "Internal Server Error";
            case HttpStatus.MISDIRECTED_REQUEST_421 ->
                    "Misdirected Request: the local stack answers only to Host 127.0.0.1 or localhost, on its port";
            default -> HttpStatus.getMessage(status);
        };
    }
}
