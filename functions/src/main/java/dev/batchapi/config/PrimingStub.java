package dev.batchapi.config;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A loopback server that answers the priming requests of the services priming must not reach: EMR
 * (its DescribeCluster, with a canned cluster) and S3 (any GetObject, with a few bytes of text; the
 * log bucket of a function is only known from EMR). Lives for one priming, on its own ephemeral port;
 * the SDK's HTTP client talks to it exactly as to AWS, so its marshalling, signing, HTTP exchange and
 * unmarshalling all run.
 */
final class PrimingStub implements AutoCloseable {

    static final String CLUSTER_ID = "j-SNAPSTARTPRIMING";
    private static final byte[] DESCRIBE_CLUSTER = ("{\"Cluster\":{\"Id\":\"" + CLUSTER_ID + "\",\"Name\":\"snapstart-priming\","
            + "\"LogUri\":\"s3n://snapstart-priming/logs/\",\"Status\":{\"State\":\"WAITING\","
            + "\"Timeline\":{\"CreationDateTime\":1.7E9}},\"StepConcurrencyLevel\":1}}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] OBJECT = "primed\n".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;

    private PrimingStub(HttpServer server) {
        this.server = server;
    }

    static PrimingStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", PrimingStub::answer);
            server.start();
            return new PrimingStub(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            boolean json = target != null;
            if (json && !target.endsWith(".DescribeCluster")) {
                send(exchange, 400, "application/x-amz-json-1.1", ("{\"__type\":\"InvalidRequestException\","
                        + "\"Message\":\"the priming stub answers DescribeCluster only\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, json ? "application/x-amz-json-1.1" : "text/plain", json ? DESCRIBE_CLUSTER : OBJECT);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
