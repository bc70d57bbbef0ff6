package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A seeded generator of broken requests: good requests with one to three mutations each (bytes
 * flipped, inserted, cut; the method, target, version or a header replaced by a known troublemaker),
 * each sent on its own connection. Every answer must be HTTP with an expected status, every refusal
 * API Gateway's JSON; no request may go unanswered unless its head never ended; and the front serves
 * a good request after all of them. Bounded by count and by time; the seed makes a failure repeatable.
 */
class MutatedRequestsTest {

    private static final long SEED = 0x5EED_2026_1201L;
    private static final int REQUESTS = 2_000;
    private static final Duration BUDGET = Duration.ofSeconds(90);
    private static final Set<Integer> EXPECTED = Set.of(200, 400, 404, 405, 413, 414, 417, 421, 431, 501);
    private static final String HOST = "Host: 127.0.0.1\r\n";

    private static final List<String> GOOD = List.of(
            "GET /api/v1/ping HTTP/1.1\r\n" + HOST + "User-Agent: generator\r\n\r\n",
            "GET /api/v1/things/abc?size=5&name=a%20b&name=c HTTP/1.1\r\n" + HOST + "Accept: application/json\r\n\r\n",
            "POST /api/v1/things HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"a\":\"b\",\"c\":[1]}",
            "POST /api/v1/things HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "PUT /api/v1/things HTTP/1.1\r\n" + HOST + "Content-Length: 2\r\n\r\n{}",
            "DELETE /api/v1/things/x HTTP/1.0\r\n\r\n");
    private static final List<String> METHODS = List.of(
            "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PRI", "get", "G\u0000T", "", "X".repeat(300));
    private static final List<String> TARGETS = List.of(
            "/", "//", "*", "", "/api/v1/things/%ZZ", "/api/v1/things/%FF", "/api/v1/things/a%2Fb", "/api/v1/things?size=%",
            "/api/v1/things/caf\u00c3\u00a9", "/api/v1/things/x?q=\u00ff", "/api/v1/things/../..", "/api/v1/things/x#f",
            "http://127.0.0.1/api/v1/things", "127.0.0.1:443", "/api/v1/ping?x=%00", "/api/v1/things/" + "a".repeat(11_000));
    private static final List<String> VERSIONS = List.of(
            "HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTPS/1.1", "", "http/1.1", "HTTP/1.1 x");
    private static final List<String> FIELDS = List.of(
            "Content-Length: abc", "Content-Length: -1", "Content-Length: 9223372036854775808", "Content-Length: 3",
            "Content-Length: 99999999", "Transfer-Encoding: chunked", "Transfer-Encoding: gzip", "Transfer-Encoding: foo, chunked",
            "NoColon", "Bad : value", " folded", "X-Big: " + "b".repeat(12_000), "Expect: 100-continue", "Expect: nothing",
            "Host: other", "Connection: close", "Content-Type: text/plain; charset=utf-8", "X-Empty:", ":novalue",
            "X-Control: a\u0001b", "X-Latin: caf\u00e9", "X-Many: " + "v,".repeat(100));
    private static final byte[] TROUBLE = {'\r', '\n', ' ', ':', '%', 0, '\t', 0x7f, (byte) 0xff, (byte) 0x80, '"', '/', '?', '#', ';',
            ',', '='};
    private static final List<BiFunction<Random, byte[], byte[]>> MUTATIONS = List.of(
            MutatedRequestsTest::flipByte, MutatedRequestsTest::insertTrouble, MutatedRequestsTest::cutBytes,
            MutatedRequestsTest::truncate, MutatedRequestsTest::repeatLine, MutatedRequestsTest::addField,
            MutatedRequestsTest::addManyFields,
            (random, request) -> replaceWord(random, request, 0, METHODS),
            (random, request) -> replaceWord(random, request, 1, TARGETS),
            (random, request) -> replaceWord(random, request, 2, VERSIONS));

    @AutoClose
    private static final LocalHttpFront front = StubFunctions.serveThings();

    @Test
    void everyMutatedRequestIsAnsweredOrRefusedInJsonAndTheFrontServesOn() throws Exception {
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int sent = 0;
        for (; sent < REQUESTS && System.nanoTime() < deadline; sent++) {
            byte[] request = GOOD.get(random.nextInt(GOOD.size())).getBytes(StandardCharsets.ISO_8859_1);
            for (int mutations = 1 + random.nextInt(3); mutations > 0; mutations--) {
                request = MUTATIONS.get(random.nextInt(MUTATIONS.size())).apply(random, request);
            }
            String described = "request " + sent + " of seed " + SEED + ": " + printable(request);
            List<RawHttp.Answer> answers;
            try {
                answers = RawHttp.exchange(front.port(), request);
            } catch (IOException | AssertionError e) {
                throw new AssertionError(described + " got " + e, e);
            }
            if (answers.isEmpty() && headEnds(request)) {
                fail(described + " got no answer");
            }
            for (RawHttp.Answer answer : answers) {
                assertExpected(answer, described);
                statuses.merge(answer.status(), 1, Integer::sum);
            }
        }

        assertThat(RawHttp.send(front.port(), "GET /api/v1/ping HTTP/1.1\r\n" + HOST + "\r\n").body()).isEqualTo("pong");
        assertThat(sent).isPositive();
        // The mutations reach both sides: requests served and requests refused for several reasons.
        assertThat(statuses.keySet()).as("statuses seen %s", statuses).contains(200, 400, 404);
        assertThat(statuses).as("statuses seen").hasSizeGreaterThanOrEqualTo(5);
    }

    private static void assertExpected(RawHttp.Answer answer, String described) {
        assertThat(answer.status()).as(described + " answered " + answer.raw()).isIn(EXPECTED);
        assertThat(answer.raw()).as(described).doesNotContainIgnoringCase("<html").doesNotContain("Exception")
                .doesNotContain("at org.");
        if (answer.status() >= 400) {
            assertThat(answer.header("content-type")).as(described + " answered " + answer.raw()).hasValue("application/json");
            Object json = Json.parse(answer.body(), new JsonLimits(4, 1024));
            assertThat(json).as(described + " answered " + answer.raw())
                    .isInstanceOfSatisfying(Map.class, message -> assertThat(message.get("message")).isInstanceOf(String.class));
        }
    }

    /** Whether the request's head (after the empty lines a server skips) ends, so that it asks for an answer. */
    private static boolean headEnds(byte[] request) {
        int start = 0;
        while (start < request.length && (request[start] == '\r' || request[start] == '\n')) {
            start++;
        }
        String rest = new String(request, start, request.length - start, StandardCharsets.ISO_8859_1);
        return rest.contains("\n\n") || rest.contains("\n\r\n");
    }

    private static byte[] flipByte(Random random, byte[] request) {
        if (request.length == 0) {
            return request;
        }
        byte[] flipped = request.clone();
        flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
        return flipped;
    }

    private static byte[] insertTrouble(Random random, byte[] request) {
        int at = random.nextInt(request.length + 1);
        return splice(request, at, at, new byte[] {TROUBLE[random.nextInt(TROUBLE.length)]});
    }

    private static byte[] cutBytes(Random random, byte[] request) {
        if (request.length == 0) {
            return request;
        }
        int from = random.nextInt(request.length);
        return splice(request, from, Math.min(request.length, from + 1 + random.nextInt(8)), new byte[0]);
    }

    private static byte[] truncate(Random random, byte[] request) {
        return Arrays.copyOf(request, random.nextInt(request.length + 1));
    }

    private static byte[] repeatLine(Random random, byte[] request) {
        String text = latin1(request);
        int head = text.indexOf("\r\n\r\n");
        if (head < 0) {
            return flipByte(random, request);
        }
        String[] lines = text.substring(0, head).split("\r\n", -1);
        String line = lines[random.nextInt(lines.length)] + "\r\n";
        int at = text.indexOf("\r\n") + 2;
        return (text.substring(0, at) + line + text.substring(at)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] addField(Random random, byte[] request) {
        return afterRequestLine(random, request, FIELDS.get(random.nextInt(FIELDS.size())) + "\r\n");
    }

    private static byte[] addManyFields(Random random, byte[] request) {
        StringBuilder fields = new StringBuilder();
        for (int field = 50 + random.nextInt(100); field > 0; field--) {
            fields.append("X-F").append(field).append(": v\r\n");
        }
        return afterRequestLine(random, request, fields.toString());
    }

    private static byte[] afterRequestLine(Random random, byte[] request, String lines) {
        String text = latin1(request);
        int at = text.indexOf("\r\n");
        if (at < 0) {
            return flipByte(random, request);
        }
        return (text.substring(0, at + 2) + lines + text.substring(at + 2)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Replaces the method (0), target (1) or version (2) of the request line. */
    private static byte[] replaceWord(Random random, byte[] request, int word, List<String> choices) {
        String text = latin1(request);
        int end = text.indexOf("\r\n");
        String[] words = (end < 0 ? text : text.substring(0, end)).split(" ", -1);
        if (end < 0 || words.length != 3) {
            return flipByte(random, request);
        }
        words[word] = choices.get(random.nextInt(choices.size()));
        return (String.join(" ", words) + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] splice(byte[] request, int from, int to, byte[] inserted) {
        ByteArrayOutputStream spliced = new ByteArrayOutputStream();
        spliced.write(request, 0, from);
        spliced.writeBytes(inserted);
        spliced.write(request, to, request.length - to);
        return spliced.toByteArray();
    }

    private static String latin1(byte[] request) {
        return new String(request, StandardCharsets.ISO_8859_1);
    }

    /** The request as Java string escapes, short enough for a failure message. */
    private static String printable(byte[] request) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < Math.min(request.length, 600); i++) {
            int b = request[i] & 0xff;
            text.append(b >= 0x20 && b < 0x7f && b != '"' && b != '\\' ? String.valueOf((char) b)
                    : b == '\r' ? "\\r" : b == '\n' ? "\\n" : String.format("\\u%04x", b));
        }
        return text.append(request.length > 600 ? "\"... (" + request.length + " bytes)" : "\"").toString();
    }
}
