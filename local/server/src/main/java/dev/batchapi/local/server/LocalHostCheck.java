package dev.batchapi.local.server;

import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.HostPort;

/**
 * The local stack's defence against DNS rebinding: a page of another site can have its own host
 * name resolve to 127.0.0.1 and then call this front as if it were its own origin (so its Origin
 * check passes), and the stack runs whatever jar a create names on this machine. Such a request
 * carries the page's host name in {@code Host}; this answers only a request whose Host is the
 * loopback address or {@code localhost}, on the port the front serves (or none: no browser leaves
 * the port out on another port than 80), and refuses any other with 421 in API Gateway's JSON.
 */
final class LocalHostCheck extends Handler.Wrapper {

    private static final Set<String> LOCAL_NAMES = Set.of(LocalHttpFront.HOST, "localhost");

    private final int port;

    LocalHostCheck(int port, Handler handler) {
        super(handler);
        this.port = port;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getMethod().equals("CONNECT")) {
            // Its target and Host name a host to tunnel to, not this one: the API refuses every CONNECT itself.
            return super.handle(request, response, callback);
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        // An absolute-form target names the host itself, and Jetty takes it from there (RFC 9112 §3.2.2).
        String target = request.getHttpURI().isAbsolute() ? request.getHttpURI().getAuthority() : null;
        if (!isLocal(host) || !isLocal(target)) {
            Response.writeError(request, response, callback, HttpStatus.MISDIRECTED_REQUEST_421);
            return true;
        }
        return super.handle(request, response, callback);
    }

    /** Whether an authority (host[:port]) is this front's; none at all (HTTP/1.0 without Host) names no other host. */
    private boolean isLocal(String authority) {
        if (authority == null) {
            return true;
        }
        HostPort hostPort;
        try {
            hostPort = new HostPort(authority.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return LOCAL_NAMES.contains(hostPort.getHost().toLowerCase(Locale.ROOT))
                && (!hostPort.hasPort() || hostPort.getPort() == port);
    }
}
