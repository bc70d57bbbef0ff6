package dev.batchapi.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jclouds.blobstore.BlobStore;

/**
 * An HTTP front of S3Proxy that does what S3 does with a PutObject carrying {@code If-None-Match: *}
 * and S3Proxy does not: 412 PreconditionFailed if the object exists, else the write. Conditional
 * writes go one at a time, so of two racing for a key exactly one succeeds. Every other request is
 * passed on as it came.
 */
final class ConditionalPutFront implements AutoCloseable {

    /** Headers java.net.http sets itself, and hop-by-hop ones. */
    private static final Set<String> NOT_PASSED_ON = Set.of("connection", "content-length", "date", "expect", "from",
            "host", "upgrade", "via", "warning", "transfer-encoding", "keep-alive");
    private static final String PRECONDITION_FAILED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>"
            + "<Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold"
            + "</Message><Condition>If-None-Match</Condition></Error>";

    static {
        // As AwsJsonServer does, and before the first HttpServer of the JVM (this one, in LocalAws):
        // read once per JVM, and with Nagle's algorithm on every answer of every stand-in waits ~50 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;
    private final URI backend;
    private final BlobStore blobs;
    private final Object conditionalWrites = new Object();

    private ConditionalPutFront(HttpServer server, ExecutorService threads, URI backend, BlobStore blobs) {
        this.server = server;
        this.threads = threads;
        this.backend = backend;
        this.blobs = blobs;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    static ConditionalPutFront start(URI backend, BlobStore blobs) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        ConditionalPutFront front = new ConditionalPutFront(server, threads, backend, blobs);
        server.createContext("/", front::handle);
        server.setExecutor(threads);
        server.start();
        return front;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            boolean conditional = "PUT".equals(exchange.getRequestMethod())
                    && "*".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))
                    && exchange.getRequestURI().getRawQuery() == null;
            if (!conditional) {
                passOn(exchange, body);
                return;
            }
            synchronized (conditionalWrites) {
                String[] bucketAndKey = exchange.getRequestURI().getPath().substring(1).split("/", 2);
                if (bucketAndKey.length == 2 && blobs.blobExists(bucketAndKey[0], bucketAndKey[1])) {
                    byte[] error = PRECONDITION_FAILED.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/xml");
                    exchange.sendResponseHeaders(412, error.length);
                    exchange.getResponseBody().write(error);
                    return;
                }
                passOn(exchange, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void passOn(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        URI uri = exchange.getRequestURI();
        HttpRequest.Builder request = HttpRequest.newBuilder(backend.resolve(uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_PASSED_ON.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            if (!NOT_PASSED_ON.contains(header.getKey().toLowerCase()) && !header.getKey().startsWith(":")) {
                exchange.getResponseHeaders().put(header.getKey(), header.getValue());
            }
        }
        byte[] answer = response.body();
        boolean noBody = answer.length == 0 || "HEAD".equals(exchange.getRequestMethod())
                || response.statusCode() == 204 || response.statusCode() == 304;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
        if (!noBody) {
            exchange.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
