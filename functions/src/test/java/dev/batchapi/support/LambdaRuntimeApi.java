package dev.batchapi.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The part of AWS Lambda's Runtime API a runtime client uses to take invocations and answer them
 * ({@code /2018-06-01/runtime/invocation/next}, {@code …/{id}/response}, {@code …/{id}/error},
 * {@code /init/error}), served on 127.0.0.1 so that the real runtime interface client can run our
 * handlers exactly as Lambda does.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** What the function answered: its response document, or the error it reported. */
    public record Answer(boolean error, String body) {
    }

    private record Invocation(String requestId, String event, CompletableFuture<Answer> answer) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lambda-runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();

    public LambdaRuntimeApi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PREFIX, this::exchange);
        server.setExecutor(executor);
        server.start();
    }

    /** The value of AWS_LAMBDA_RUNTIME_API for the runtime client. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** When the runtime client first asked for work (System.nanoTime()): its init was done. */
    public long firstPollNanos(Duration timeout) throws Exception {
        return firstPoll.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Hands the event to the function and waits for its answer. */
    public Answer invoke(String event, Duration timeout) throws Exception {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event, new CompletableFuture<>());
        pending.add(invocation);
        CompletableFuture<?> either = CompletableFuture.anyOf(invocation.answer(), initError);
        Object result = either.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (result instanceof String initFailure) {
            throw new IllegalStateException("the function failed to start: " + initFailure);
        }
        return (Answer) result;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("invocation/next")) {
                firstPoll.complete(System.nanoTime());
                Invocation invocation = take();
                if (invocation == null) {
                    send(exchange, 503, "");
                    return;
                }
                inFlight.put(invocation.requestId(), invocation);
                var headers = exchange.getResponseHeaders();
                // Without a Content-Type the client's native part crashes before calling the handler.
                headers.set("Content-Type", "application/json");
                headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
                headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
                headers.set("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:test");
                headers.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
                send(exchange, 200, invocation.event());
            } else if (path.equals("init/error")) {
                initError.complete(body);
                send(exchange, 202, "");
            } else if (path.startsWith("invocation/")) {
                String[] parts = path.split("/");
                Invocation invocation = inFlight.remove(parts[1]);
                if (invocation != null) {
                    invocation.answer().complete(new Answer(parts[2].equals("error"), body));
                }
                send(exchange, 202, "");
            } else {
                send(exchange, 404, "");
            }
        }
    }

    private Invocation take() {
        try {
            return pending.poll(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
