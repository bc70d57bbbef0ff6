package dev.batchapi.local.awsjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves one {@link AwsJsonService} on 127.0.0.1 the way AWS does, so that the real AWS SDK clients
 * can be pointed at it with {@code endpointOverride}. Request signatures are accepted unchecked.
 * Counts the calls per operation, so tests can assert what a piece of code costs, and answers the
 * faults tests ask for, so they can see how the code copes.
 */
public final class AwsJsonServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AwsJsonServer.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // The JDK's HttpServer leaves Nagle's algorithm on: every answer then waits for the client's
        // delayed ACK, about 50 ms per SDK call instead of a few. Read once per JVM, before the first server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final AwsJsonService service;
    private final HttpServer server;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final InjectedFaults faults = new InjectedFaults();

    private AwsJsonServer(AwsJsonService service, HttpServer server) {
        this.service = service;
        this.server = server;
    }

    /** Starts serving on 127.0.0.1; port 0 picks a free one. */
    public static AwsJsonServer start(AwsJsonService service, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        AwsJsonServer emulator = new AwsJsonServer(service, server);
        server.createContext("/", emulator::exchange);
        // One request at a time, on the server's own thread: the services answer from memory in
        // microseconds, and handing each exchange to a pool thread and the connection back doubled a
        // warm GetItem's round trip (the local stack's GET by id: 780 against 1,680 requests/s).
        server.setExecutor(Runnable::run);
        server.start();
        return emulator;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * How many calls of an operation (e.g. {@code ListSteps}) came in since the last reset, whatever
     * they were answered: refused and faulted calls cost the caller a round trip too.
     */
    public long callCount(String operation) {
        AtomicLong count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    /** All calls since the last reset, by operation, in name order. */
    public Map<String, Long> callCounts() {
        Map<String, Long> snapshot = new TreeMap<>();
        calls.forEach((operation, count) -> snapshot.put(operation, count.get()));
        return snapshot;
    }

    public void resetCallCounts() {
        calls.clear();
    }

    /**
     * The next {@code calls} calls of {@code operation} (e.g. {@code UpdateItem}) are answered with
     * {@code fault} instead of being run, after any faults asked for before; SDK retries count as calls.
     */
    public void failNext(String operation, int calls, AwsFault fault) {
        if (!service.operations().contains(operation)) {
            throw new IllegalArgumentException(service.targetPrefix() + " has no operation " + operation);
        }
        faults.failNext(operation, calls, fault);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void exchange(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-" + service.jsonVersion());
            int status;
            JsonNode body;
            try {
                body = dispatch(exchange);
                status = 200;
            } catch (AwsServiceException e) {
                status = e.status();
                ObjectNode error = errorBody(e.errorCode(), e.getMessage());
                error.setAll(e.bodyMembers());
                body = error;
            } catch (RuntimeException e) {
                // A bug of the emulator: the log has the details, the caller gets what AWS's 500 says.
                LOG.log(Level.WARNING, "emulator fault in " + service.targetPrefix() + ", request " + requestId, e);
                status = 500;
                body = errorBody("InternalServerError", "Internal server error");
            }
            byte[] bytes = MAPPER.writeValueAsBytes(body);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Routes by X-Amz-Target before reading the body: an unknown operation is refused whatever it carries. */
    private ObjectNode dispatch(HttpExchange exchange) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String prefix = service.targetPrefix() + ".";
        if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(prefix)) {
            throw AwsErrors.unknownOperation(String.valueOf(target));
        }
        String operation = target.substring(prefix.length());
        calls.computeIfAbsent(operation, name -> new AtomicLong()).incrementAndGet();
        if (!service.operations().contains(operation)) {
            throw AwsErrors.unknownOperation(target);
        }
        faults.throwIfDue(operation);
        return service.handle(operation, body(exchange));
    }

    /** The request body: a JSON object, or nothing, which counts as an empty one. */
    private static JsonNode body(HttpExchange exchange) {
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            body = bytes.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw AwsErrors.serialization("Malformed request body");
        }
        if (!body.isObject()) {
            throw AwsErrors.serialization("The request body must be a JSON object");
        }
        return body;
    }

    private static ObjectNode errorBody(String code, String message) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", code);
        body.put("message", message);
        return body;
    }
}
