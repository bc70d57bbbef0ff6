package dev.batchapi.local.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 spoken byte by byte over a socket, for requests no client library would send: the bytes
 * are written exactly as given, from a thread of their own (a server that refuses a request may stop
 * reading it), and the answers are read with a timeout.
 */
final class RawHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private RawHttp() {
    }

    /** One answer read off the wire; header names lower-case. */
    record Answer(int status, Map<String, String> headers, String body, String raw) {

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    /** Writes the request and reads the first answer, the connection left open as a client would. */
    static Answer send(int port, byte[] request) throws IOException {
        try (Socket socket = connect(port)) {
            write(socket, request, false);
            Optional<Answer> answer = read(new Reader(socket.getInputStream()));
            return answer.orElseThrow(() -> new AssertionError("the server closed the connection without an answer"));
        }
    }

    static Answer send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes each request once the answer to the one before has been read, all on one connection. */
    static List<Answer> sendInTurn(int port, String... requests) throws IOException {
        try (Socket socket = connect(port)) {
            Reader reader = new Reader(socket.getInputStream());
            List<Answer> answers = new ArrayList<>();
            for (String request : requests) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                answers.add(read(reader).orElseThrow(() -> new AssertionError("the server closed the connection after "
                        + answers.size() + " answers")));
            }
            return answers;
        }
    }

    /**
     * Writes the request, then ends the connection's sending side (so that an incomplete request
     * meets its end), and reads every answer until the server closes the connection.
     */
    static List<Answer> exchange(int port, byte[] request) throws IOException {
        try (Socket socket = connect(port)) {
            write(socket, request, true);
            Reader reader = new Reader(socket.getInputStream());
            List<Answer> answers = new ArrayList<>();
            for (Optional<Answer> answer = read(reader); answer.isPresent(); answer = read(reader)) {
                answers.add(answer.get());
            }
            return answers;
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(LocalHttpFront.HOST, port);
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static void write(Socket socket, byte[] request, boolean thenShutdownOutput) {
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                if (thenShutdownOutput) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // The server refused the request before reading all of it: its answer says why.
            }
        }, "raw-http-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** The next answer, or empty if the connection ends before one starts. 1xx answers are skipped. */
    private static Optional<Answer> read(Reader reader) throws IOException {
        while (true) {
            Optional<String> head = reader.head();
            if (head.isEmpty()) {
                return Optional.empty();
            }
            String[] lines = head.get().split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                throw new AssertionError("not an HTTP answer: " + head.get());
            }
            int status = Integer.parseInt(statusLine[1]);
            if (status >= 100 && status < 200) {
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : Arrays.asList(lines).subList(1, lines.length)) {
                String[] field = line.split(":", 2);
                headers.put(field[0].trim().toLowerCase(Locale.ROOT), field.length > 1 ? field[1].trim() : "");
            }
            byte[] body = headers.containsKey("content-length")
                    ? reader.bytes(Integer.parseInt(headers.get("content-length")))
                    : reader.rest();
            String text = new String(body, StandardCharsets.UTF_8);
            return Optional.of(new Answer(status, headers, text, head.get() + "\r\n\r\n" + text));
        }
    }

    /** Reads an answer's head and body off a stream. */
    private static final class Reader {

        private static final int BLANK_LINE = '\r' << 24 | '\n' << 16 | '\r' << 8 | '\n';

        private final InputStream in;

        Reader(InputStream in) {
            this.in = in;
        }

        /** The bytes up to the blank line that ends a head, or empty at the end of the stream. */
        Optional<String> head() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int lastFour = 0;
            for (int b = in.read(); b >= 0; b = in.read()) {
                head.write(b);
                lastFour = lastFour << 8 | b;
                if (lastFour == BLANK_LINE) {
                    String text = head.toString(StandardCharsets.ISO_8859_1);
                    return Optional.of(text.substring(0, text.length() - 4));
                }
            }
            if (head.size() > 0) {
                throw new AssertionError("the connection ended inside an answer's head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            return Optional.empty();
        }

        byte[] bytes(int length) throws IOException {
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new AssertionError("the connection ended after " + body.length + " of " + length + " body bytes");
            }
            return body;
        }

        byte[] rest() throws IOException {
            return in.readAllBytes();
        }
    }
}
