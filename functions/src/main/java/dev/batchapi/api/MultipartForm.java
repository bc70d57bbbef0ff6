package dev.batchapi.api;

import dev.batchapi.errors.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A multipart/form-data body (RFC 7578), as Kyuubi's client sends a create with an upload: named
 * parts, a file part with its file name. Malformed bodies are a 400.
 */
final class MultipartForm {

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern DISPOSITION_PARAMETER = Pattern.compile("(?i);\\s*(name|filename)=(\"([^\"]*)\"|([^;\\s]+))");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    record Part(String name, String fileName, String contentType, byte[] content) {
    }

    private MultipartForm() {
    }

    static Map<String, Part> parse(byte[] body, String contentType) {
        Matcher boundaryMatch = BOUNDARY.matcher(contentType);
        if (!boundaryMatch.find()) {
            throw malformed("no boundary in its Content-Type");
        }
        String boundary = boundaryMatch.group(2) != null ? boundaryMatch.group(2) : boundaryMatch.group(3);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] partDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        Map<String, Part> parts = new LinkedHashMap<>();
        int position = indexOf(body, delimiter, 0);
        if (position < 0) {
            throw malformed("no part");
        }
        position += delimiter.length;
        while (true) {
            if (startsWith(body, position, new byte[] {'-', '-'})) {
                return parts;
            }
            if (!startsWith(body, position, CRLF)) {
                throw malformed("a boundary is not followed by a line end");
            }
            int headersStart = position + CRLF.length;
            int headersEnd = indexOf(body, HEADERS_END, headersStart);
            int contentEnd = indexOf(body, partDelimiter, headersStart);
            if (headersEnd < 0 || contentEnd < 0 || headersEnd > contentEnd) {
                throw malformed("a part is cut short");
            }
            Part part = part(new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8),
                    Arrays.copyOfRange(body, headersEnd + HEADERS_END.length, contentEnd));
            if (parts.putIfAbsent(part.name(), part) != null) {
                throw malformed("the part " + part.name() + " comes twice");
            }
            position = contentEnd + partDelimiter.length;
        }
    }

    private static Part part(String headers, byte[] content) {
        String name = null;
        String fileName = null;
        String contentType = null;
        for (String header : headers.split("\r\n")) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String field = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (field.equals("content-disposition")) {
                Matcher parameters = DISPOSITION_PARAMETER.matcher(value);
                while (parameters.find()) {
                    String parameter = parameters.group(3) != null ? parameters.group(3) : parameters.group(4);
                    if (parameters.group(1).equalsIgnoreCase("name")) {
                        name = parameter;
                    } else {
                        fileName = parameter;
                    }
                }
            } else if (field.equals("content-type")) {
                contentType = value;
            }
        }
        if (name == null) {
            throw malformed("a part has no name");
        }
        return new Part(name, fileName, contentType, content);
    }

    private static BadRequestException malformed(String why) {
        return new BadRequestException("Malformed multipart/form-data body: " + why);
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        if (at + prefix.length > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        for (int i = from; i + pattern.length <= data.length; i++) {
            if (startsWith(data, i, pattern)) {
                return i;
            }
        }
        return -1;
    }
}
