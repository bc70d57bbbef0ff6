package dev.batchapi.local.server;

import dev.batchapi.telemetry.OpsLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * API Gateway's front door, locally: Jetty's HTTP/1.1 server on 127.0.0.1 with API Gateway's limits.
 * Jetty's parser, in its RFC 9110 mode, refuses a malformed request line, target, header field or
 * chunk, a bad or repeated Content-Length, and Transfer-Encoding with Content-Length (400); on top of
 * it: at most 10 KB of request line and header fields, API Gateway's quota (431, or 414 for a request
 * line alone over it), at most 100 header fields (431; Tomcat's default, as API Gateway publishes no
 * count), no transfer coding but chunked (501), and a body of at most 10 MB, API Gateway's payload
 * quota (413), and a Host that is not this machine's loopback address or localhost on its port (421,
 * {@link LocalHostCheck}). Every refusal, Jetty's or the API's, is {@link JsonErrorHandler}'s JSON, and every
 * request, refused or served, is one OpsLog "http" line.
 */
final class LocalHttpFront implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final int MAX_HEAD_BYTES = 10 * 1024;
    static final int MAX_HEADER_FIELDS = 100;
    static final long MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** Enough for the functions a person or a test calls at once; each call holds a thread. */
    private static final int MAX_THREADS = 32;
    private static final int MIN_THREADS = 4;

    private final Server server;
    private final ServerConnector connector;

    private LocalHttpFront(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Takes the port at once (0: a free one), before anything else of the stack starts, so that a
     * port in use is said in so many words.
     */
    static LocalHttpFront bind(int port) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("local-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEAD_BYTES);
        http.setHttpCompliance(HttpCompliance.RFC9110);
        http.setUriCompliance(UriCompliance.DEFAULT);
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new ApiGatewayConnectionFactory(http, MAX_HEADER_FIELDS));
        connector.setHost(HOST);
        connector.setPort(port);
        // Jetty's default, said here because it matters: without it a reply written in two parts
        // waits ~40 ms for the client's delayed ACK.
        connector.setAcceptedTcpNoDelay(true);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        server.setRequestLog(LocalHttpFront::log);
        try {
            connector.open();
        } catch (IOException e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new IllegalStateException("port " + port + " on " + HOST + " is already in use");
            }
            throw new UncheckedIOException("cannot listen on port " + port + " on " + HOST, e);
        }
        return new LocalHttpFront(server, connector);
    }

    /** The port taken: the one asked for, or the free one picked for 0. */
    int port() {
        return connector.getLocalPort();
    }

    /** Starts serving the API on the port taken. */
    void start(Handler api) {
        SizeLimitHandler bodyLimit = new SizeLimitHandler(MAX_BODY_BYTES, -1);
        bodyLimit.setHandler(api);
        server.setHandler(new LocalHostCheck(port(), bodyLimit));
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP front could not start: " + e.getMessage(), e);
        }
    }

    /** Stops taking requests, the ones in progress cut off, and lets the port go, even if it never started. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            OpsLog.warn("http.stop.failed", e);
        }
        // A server that never started has nothing to stop: its connector, open since bind, still holds the port.
        connector.close();
    }

    private static void log(Request request, Response response) {
        OpsLog.info("http", "method", request.getMethod(), "path", request.getHttpURI().getPath(),
                "status", response.getStatus(), "ms", NanoTime.millisSince(request.getBeginNanoTime()));
    }
}
