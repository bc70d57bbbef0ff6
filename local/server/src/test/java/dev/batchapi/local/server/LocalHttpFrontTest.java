package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What API Gateway's stand-in answers to requests that are not HTTP or over its limits, written
 * byte for byte: API Gateway's status and JSON message, never an HTML page or an exception, and the
 * front goes on serving.
 */
class LocalHttpFrontTest {

    /** API Gateway's words for each status the front answers with. */
    static final Map<Integer, String> MESSAGES = Map.of(
            400, "Bad Request",
            404, "Not Found",
            405, "Method Not Allowed",
            413, "Request Entity Too Large",
            414, "URI Too Long",
            421, "Misdirected Request: the local stack answers only to Host 127.0.0.1 or localhost, on its port",
            431, "Request Header Fields Too Large",
            501, "Not Implemented");
    private static final String HOST = "Host: 127.0.0.1\r\n";

    @AutoClose
    private static final LocalHttpFront front = StubFunctions.serveThings();

    @Test
    void aFrontBoundButNeverStartedLetsItsPortGoOnClose() throws Exception {
        LocalHttpFront bound = LocalHttpFront.bind(0);
        int port = bound.port();

        bound.close();

        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName(LocalHttpFront.HOST))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    static Stream<Arguments> malformed() {
        StringBuilder manyFields = new StringBuilder("GET /api/v1/things/a HTTP/1.1\r\n" + HOST);
        for (int field = 0; field < 300; field++) {
            manyFields.append("X-Field-").append(field).append(": v\r\n");
        }
        return Stream.of(
                refused("invalid percent-encoding in the path", 400, "GET /api/v1/things/%ZZ HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("invalid percent-encoding in the query", 400, "GET /api/v1/things/a?size=%ZZ HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("a truncated percent-encoding in the query", 400, "GET /api/v1/things/a?size=%2 HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("percent-encoded bytes that are not UTF-8 in the path", 400, "GET /api/v1/things/%FF HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("percent-encoded bytes that are not UTF-8 in the query", 400, "GET /api/v1/things/a?x=%C3 HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("a control byte in the target", 400, "GET /api/v1/things/\u0001 HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("a DEL byte in the query", 400, "GET /api/v1/things/a?x=\u007f HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("raw UTF-8 bytes in the path", 400, utf8("GET /api/v1/things/caf\u00e9 HTTP/1.1\r\n" + HOST + "\r\n")),
                refused("raw UTF-8 bytes in the query", 400, utf8("GET /api/v1/things/a?x=caf\u00e9 HTTP/1.1\r\n" + HOST + "\r\n")),
                refused("a raw byte that is not UTF-8 in the query", 400, "GET /api/v1/things/a?x=\u00ff HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("GET //", 400, "GET // HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("an empty target", 400, "GET  HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("OPTIONS *", 404, "OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("CONNECT", 405, "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n"),
                refused("HTTP/0.9's bare request line", 400, "GET /api/v1/ping\r\n\r\n"),
                refused("an HTTP/2 request line on HTTP/1.1", 400, "GET /api/v1/ping HTTP/2.0\r\n" + HOST + "\r\n"),
                refused("no Host in HTTP/1.1", 400, "GET /api/v1/ping HTTP/1.1\r\n\r\n"),
                refused("two Hosts", 400, "GET /api/v1/ping HTTP/1.1\r\n" + HOST + "Host: example.com\r\n\r\n"),
                refused("Content-Length: abc", 400, post("Content-Length: abc\r\n", "{}")),
                refused("Content-Length: -1", 400, post("Content-Length: -1\r\n", "{}")),
                refused("Content-Length: 2^63", 400, post("Content-Length: 9223372036854775808\r\n", "{}")),
                refused("Content-Length: +2", 400, post("Content-Length: +2\r\n", "{}")),
                refused("two different Content-Lengths", 400, post("Content-Length: 2\r\nContent-Length: 3\r\n", "{}x")),
                refused("chunked with a Content-Length", 400, post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n")),
                refused("a header line without a colon", 400, post("NoColonHere\r\nContent-Length: 2\r\n", "{}")),
                refused("whitespace before a header's colon", 400, post("Content-Length : 2\r\n", "{}")),
                refused("a folded header line", 400, post("X-Note: a\r\n folded\r\nContent-Length: 2\r\n", "{}")),
                refused("a malformed chunk size", 400, post("Transfer-Encoding: chunked\r\n", "ZZ\r\nabc\r\n0\r\n\r\n")),
                refused("a chunk size past 2^63", 400, post("Transfer-Encoding: chunked\r\n", "FFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n")),
                refused("chunked not last", 400, post("Transfer-Encoding: chunked, gzip\r\n", "0\r\n\r\n")),
                refused("Transfer-Encoding: gzip alone", 501, post("Transfer-Encoding: gzip\r\n", "")),
                refused("Transfer-Encoding: foo", 501, post("Transfer-Encoding: foo\r\n", "")),
                refused("gzip before chunked", 501, post("Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n")),
                refused("300 header fields", 431, manyFields + "\r\n"),
                refused("a 1 MB header field", 431, "GET /api/v1/ping HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(1 << 20) + "\r\n\r\n"),
                refused("header fields over 10 KB", 431, "GET /api/v1/ping HTTP/1.1\r\n" + HOST
                        + "X-A: " + "a".repeat(6_000) + "\r\nX-B: " + "b".repeat(6_000) + "\r\n\r\n"),
                refused("a request line over 10 KB", 414, "GET /api/v1/things/" + "a".repeat(11_000) + " HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("a declared body over 10 MB", 413, post("Content-Length: 10485761\r\n", "")),
                refused("a chunked body over 10 MB", 413, chunkedPost(11, 1 << 20)),
                refused("a path no route serves", 404, "GET /api/v2/things HTTP/1.1\r\n" + HOST + "\r\n"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformed")
    void isRefusedWithApiGatewaysStatusInJsonAndTheFrontServesOn(String family, int status, byte[] request) throws Exception {
        RawHttp.Answer answer = RawHttp.send(front.port(), request);

        assertJsonError(answer, status);
        assertThat(RawHttp.send(front.port(), "GET /api/v1/ping HTTP/1.1\r\n" + HOST + "\r\n").body()).isEqualTo("pong");
    }

    @Test
    void aHostNameOtherThanTheLoopbacksIsRefusedAsDnsRebindingWouldSendIt() throws Exception {
        int port = front.port();
        for (String host : new String[] {"evil.example:" + port, "evil.example", "127.0.0.1.evil.example:" + port,
                "127.0.0.1:" + (port == 65535 ? 1 : port + 1), "localhost:1", "[::1]:" + port, "0.0.0.0:" + port}) {
            RawHttp.Answer answer = RawHttp.send(port, "POST /api/v1/things HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Length: 2\r\n\r\n{}");

            assertThat(answer.status()).as(host).isEqualTo(421);
            assertJsonError(answer, 421);
        }
        // A target in absolute form names the host itself: HTTP/1.0 needs no Host beside it.
        assertJsonError(RawHttp.send(port, "GET http://evil.example/api/v1/things/a HTTP/1.1\r\nHost: evil.example\r\n\r\n"), 421);
        assertJsonError(RawHttp.send(port, "GET http://evil.example/api/v1/things/a HTTP/1.0\r\n\r\n"), 421);
    }

    @Test
    void theLoopbackAndLocalhostOnTheFrontsPortAreServed() throws Exception {
        int port = front.port();
        for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "127.0.0.1"}) {
            RawHttp.Answer answer = RawHttp.send(port, "GET /api/v1/things/a HTTP/1.1\r\nHost: " + host + "\r\n\r\n");

            assertThat(answer.status()).as(host + ": " + answer.raw()).isEqualTo(200);
        }
    }

    @Test
    void aBodyOfExactly10MbIsServed() throws Exception {
        byte[] request = post("Content-Type: application/octet-stream\r\nContent-Length: 10485760\r\n", "a".repeat(10 << 20));

        assertThat(RawHttp.send(front.port(), request).status()).isEqualTo(200);
    }

    @Test
    void everyMethodNotAllowedSaysInAllowWhatTheTargetTakes() throws Exception {
        RawHttp.Answer connect = RawHttp.send(front.port(), "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n");
        RawHttp.Answer put = RawHttp.send(front.port(), "PUT /api/v1/things HTTP/1.1\r\n" + HOST + "Content-Length: 0\r\n\r\n");

        assertJsonError(connect, 405);
        assertThat(connect.header("allow")).as("a host to tunnel to takes no method: " + connect.raw()).hasValue("");
        assertThat(put.status()).as(put.raw()).isEqualTo(405);
        assertThat(put.header("allow")).as("the function's Allow, passed on: " + put.raw()).hasValue("POST");
    }

    @Test
    void aConnectionIsKeptAliveFromOneRequestToTheNext() throws Exception {
        List<RawHttp.Answer> answers = RawHttp.sendInTurn(front.port(),
                "GET /api/v1/ping HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /api/v1/nowhere HTTP/1.1\r\n" + HOST + "\r\n",
                "POST /api/v1/things HTTP/1.1\r\n" + HOST + "Content-Length: 2\r\n\r\n{}",
                "GET /api/v1/things/a HTTP/1.1\r\n" + HOST + "\r\n");

        assertThat(answers).extracting(RawHttp.Answer::status).containsExactly(200, 404, 200, 200);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.header("connection")).isEmpty());
    }

    /** API Gateway's error: the status, JSON with its words, nothing of the server's insides. */
    static void assertJsonError(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.header("content-type")).as(answer.raw()).hasValue("application/json");
        assertThat(Json.parse(answer.body(), new JsonLimits(4, 1024))).as(answer.raw())
                .isEqualTo(Map.of("message", MESSAGES.get(status)));
        assertThat(answer.raw()).doesNotContainIgnoringCase("<html").doesNotContain("Exception").doesNotContain("at org.")
                .doesNotContainIgnoringCase("jetty");
    }

    private static Arguments refused(String family, int status, String request) {
        return refused(family, status, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Arguments refused(String family, int status, byte[] request) {
        return Arguments.of(family, status, request);
    }

    private static byte[] utf8(String request) {
        return request.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] post(String headers, String body) {
        return ("POST /api/v1/things HTTP/1.1\r\n" + HOST + headers + "\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] chunkedPost(int chunks, int chunkSize) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(post("Transfer-Encoding: chunked\r\n", ""));
        byte[] chunk = new byte[chunkSize];
        for (int i = 0; i < chunks; i++) {
            request.writeBytes((Integer.toHexString(chunkSize) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(chunk);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return request.toByteArray();
    }
}
