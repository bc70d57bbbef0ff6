package dev.batchapi.local.server;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Jetty's HTTP/1.1 connections with the two refusals its parser does not make itself, made as each
 * header field is parsed, before the request reaches any handler: more than {@code maxHeaderFields}
 * fields is 431 (Jetty limits only their bytes), and a transfer coding other than {@code chunked} is
 * 501 (Jetty would answer 400 to {@code gzip} alone and pass {@code gzip, chunked} on undecoded).
 * The hook is Jetty's own: a connection's request handler is made by an overridable factory method.
 */
final class ApiGatewayConnectionFactory extends HttpConnectionFactory {

    private final int maxHeaderFields;

    ApiGatewayConnectionFactory(HttpConfiguration configuration, int maxHeaderFields) {
        super(configuration);
        this.maxHeaderFields = maxHeaderFields;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
            @Override
            protected RequestHandler newRequestHandler() {
                return new RequestHandler() {
                    private int fields;

                    @Override
                    public void startRequest(String method, String uri, HttpVersion version) {
                        fields = 0;
                        super.startRequest(method, uri, version);
                    }

                    @Override
                    public void parsedHeader(HttpField field) {
                        if (++fields > maxHeaderFields) {
                            throw new HttpException.RuntimeException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431,
                                    "more than " + maxHeaderFields + " header fields");
                        }
                        if (field.getHeader() == HttpHeader.TRANSFER_ENCODING && !onlyChunked(field)) {
                            throw new HttpException.RuntimeException(HttpStatus.NOT_IMPLEMENTED_501,
                                    "unsupported transfer coding");
                        }
                        super.parsedHeader(field);
                    }
                };
            }
        };
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    private static boolean onlyChunked(HttpField transferEncoding) {
        for (String coding : transferEncoding.getValues()) {
            if (!HttpHeaderValue.CHUNKED.is(coding)) {
                return false;
            }
        }
        return true;
    }
}
