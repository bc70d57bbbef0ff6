package dev.batchapi.config;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.batchapi.store.PrimingAnswers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A loopback server that answers the priming requests of the services priming must not reach: EventBridge, EMR
 * (its DescribeCluster, with a canned cluster), S3 (any GetObject, with a few bytes of text; the
 * log bucket of a function is only known from EMR), and DynamoDB and EMR while a synthetic request
 * runs on it (one batch to find, {@link PrimingAnswers}; writes and steps taken, kept nowhere).
 * Lives for one priming, on its own ephemeral port; the SDK's HTTP client talks to it exactly as to
 * AWS, so its marshalling, signing, HTTP exchange and unmarshalling all run.
 */
final class PrimingStub implements AutoCloseable {

    static final String CLUSTER_ID = "j-SNAPSTARTPRIMING";
    private static final byte[] DESCRIBE_CLUSTER = ("{\"Cluster\":{\"Id\":\"" + CLUSTER_ID + "\",\"Name\":\"snapstart-priming\","
            + "\"LogUri\":\"s3n://snapstart-priming/logs/\",\"Status\":{\"State\":\"WAITING\","
            + "\"Timeline\":{\"CreationDateTime\":1.7E9}},\"StepConcurrencyLevel\":1}}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] OBJECT = "primed\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ADD_STEPS = "{\"StepIds\":[\"s-SNAPSTARTPRIMING\"]}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOTHING = "{}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_ITEMS = "{\"Items\":[],\"Count\":0,\"ScannedCount\":0}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PUT_EVENTS = "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"snapstart-priming\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final String JSON_1_0 = "application/x-amz-json-1.0";

    private final HttpServer server;
    private final byte[] getItem;
    private final byte[] query;
    private final byte[] updated;

    private PrimingStub(HttpServer server, String user) {
        this.server = server;
        this.getItem = PrimingAnswers.getItem(user).getBytes(StandardCharsets.UTF_8);
        this.query = PrimingAnswers.query(user).getBytes(StandardCharsets.UTF_8);
        this.updated = PrimingAnswers.updateItem(user).getBytes(StandardCharsets.UTF_8);
    }

    /** @param user the owner of the batch served to DynamoDB's GetItem and Query */
    static PrimingStub start(String user) {
        // The JDK's server writes an answer's headers and body apart: with Nagle's algorithm on, the body
        // may wait for the client's delayed ACK of the headers (about 40 ms a call). Read once per JVM,
        // when its first HttpServer starts: in a function, this one.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            PrimingStub stub = new PrimingStub(server, user);
            server.createContext("/", stub::answer);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * DynamoDB's writes and EMR's AddJobFlowSteps are answered as done and kept nowhere; a GetItem finds
     * only the served batch, a Query of an index that batch, one of the table (a batch's log) nothing.
     * Any other call is refused.
     */
    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target == null) {
                send(exchange, 200, "text/plain", OBJECT);
                return;
            }
            String operation = target.substring(target.indexOf('.') + 1);
            if (target.startsWith("ElasticMapReduce.") || target.startsWith("AWSEvents.")) {
                switch (operation) {
                    case "DescribeCluster" -> send(exchange, 200, JSON_1_1, DESCRIBE_CLUSTER);
                    case "AddJobFlowSteps" -> send(exchange, 200, JSON_1_1, ADD_STEPS);
                    // EventBridge takes the event and puts it nowhere.
                    case "PutEvents" -> send(exchange, 200, JSON_1_1, PUT_EVENTS);
                    default -> refuse(exchange);
                }
                return;
            }
            String body = new String(request, StandardCharsets.UTF_8);
            switch (operation) {
                case "GetItem" -> send(exchange, 200, JSON_1_0, body.contains(PrimingAnswers.BATCH_ID) ? getItem : NOTHING);
                // The list reads an index; a batch's log, the table itself.
                case "Query" -> send(exchange, 200, JSON_1_0, body.contains("\"IndexName\"") ? query : NO_ITEMS);
                // The store reads back what it updated: the served batch stands in for it.
                case "UpdateItem" -> send(exchange, 200, JSON_1_0, updated);
                case "PutItem", "TransactWriteItems", "BatchWriteItem" -> send(exchange, 200, JSON_1_0, NOTHING);
                default -> refuse(exchange);
            }
        }
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        send(exchange, 400, JSON_1_1, ("{\"__type\":\"ValidationException\",\"message\":\"the priming stub does not "
                + "answer this call\"}").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Each answer closes its connection: a restored function's first call opens a new one (a
     * snapshot's are dead), and so each priming call does, for that path to be compiled too.
     */
    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Connection", "close");
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
