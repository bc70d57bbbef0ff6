package dev.batchapi.json;

import dev.batchapi.text.Echo;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactoryBuilder;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.core.JsonLocation;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonProcessingException;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.core.exc.StreamConstraintsException;

/**
 * Strict JSON (RFC 8259) for untrusted bodies, on jackson-core's streaming parser and generator (no
 * data binding: no reflection on the cold-start path): depth and string length bounded by
 * {@link JsonLimits} (Jackson's StreamReadConstraints), no duplicate keys, no trailing text, no unpaired surrogate escapes.
 * Errors say where and why in words of our own: Jackson's own messages name its classes and features.
 *
 * <p>Values are {@code Map<String, Object>} (insertion ordered), {@code List<Object>}, {@code String},
 * {@link JsonNumber}, {@code Boolean} and {@code null}. The writer also takes any {@code Number}, and
 * {@link JsonText} it copies.
 */
public final class Json {

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final JsonFactory WRITER = new JsonFactoryBuilder().characterEscapes(new LineSeparatorEscapes()).build();

    private Json() {
    }

    public static Object parse(String text, JsonLimits limits) {
        try (JsonParser parser = limits.factory().createParser(text)) {
            try {
                if (parser.nextToken() == null) {
                    throw error(parser, "unexpected end of input");
                }
                Object value = readValue(parser);
                if (parser.nextToken() != null) {
                    throw error(parser, "unexpected text after the JSON value");
                }
                return value;
            } catch (StreamConstraintsException e) {
                throw error(parser.currentLocation(), limitExceeded(e, limits));
            } catch (JsonProcessingException e) {
                throw error(e.getLocation() != null ? e.getLocation() : parser.currentLocation(),
                        reason(e.getOriginalMessage()));
            }
        } catch (IOException e) {
            // Only a reader can fail to read; a String cannot.
            throw new UncheckedIOException(e);
        }
    }

    public static String write(Object value) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = WRITER.createGenerator(out)) {
            writeValue(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> text(parser, parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new JsonNumber(parser.getText());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw error(parser, "unexpected " + token);
        };
    }

    private static Map<String, Object> readObject(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = text(parser, parser.currentName());
            parser.nextToken();
            object.put(key, readValue(parser));
        }
        return object;
    }

    private static List<Object> readArray(JsonParser parser) throws IOException {
        List<Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(readValue(parser));
        }
        return array;
    }

    /** A string that is Unicode text: an escaped surrogate must come in a pair. */
    private static String text(JsonParser parser, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw error(parser, "a string holds an unpaired surrogate (\\u" + Integer.toHexString(c)
                        + "), which is not Unicode text");
            }
        }
        return value;
    }

    private static String limitExceeded(StreamConstraintsException e, JsonLimits limits) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Document nesting depth")) {
            return "nested deeper than " + limits.maxDepth() + " levels";
        }
        if (message.startsWith("String value length") || message.startsWith("Name length")) {
            return "string longer than " + limits.maxStringLength() + " characters";
        }
        if (message.startsWith("Number value length")) {
            return "number too long";
        }
        return "the document exceeds a size limit";
    }

    /**
     * Jackson's words up to its first colon say what it met ("Unexpected character ('}' (code 125))");
     * what follows is kept only when it names none of Jackson's own types or features.
     */
    private static String reason(String jacksonMessage) {
        if (jacksonMessage == null || jacksonMessage.isBlank()) {
            return "not valid JSON";
        }
        if (jacksonMessage.startsWith("Unexpected end-of-input")) {
            return "unexpected end of input";
        }
        int colon = jacksonMessage.indexOf(": ");
        if (colon < 0) {
            return jacksonMessage;
        }
        String detail = jacksonMessage.substring(colon + 2);
        boolean internal = detail.contains("`") || detail.contains("Feature") || detail.contains("[Source");
        return echoed(internal ? jacksonMessage.substring(0, colon) : jacksonMessage);
    }

    /** Jackson quotes the text it met ('…'), up to 256 characters: quoted as every echo is. */
    private static String echoed(String jacksonWords) {
        return QUOTED.matcher(jacksonWords).replaceAll(quoted -> Matcher.quoteReplacement("'" + Echo.of(quoted.group(1)) + "'"));
    }

    /** At the start of the token the parser stands on. */
    private static JsonException error(JsonParser parser, String reason) {
        return error(parser.currentTokenLocation(), reason);
    }

    private static JsonException error(JsonLocation location, String reason) {
        return new JsonException("Malformed JSON at position " + location.getCharOffset() + ": " + reason);
    }

    private static void writeValue(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof JsonText json) {
            out.writeRawValue(json.text());
        } else if (value instanceof Number || value instanceof JsonNumber) {
            out.writeNumber(value.toString());
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(out, entry.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            out.writeStartArray();
            for (Object item : items) {
                writeValue(out, item);
            }
            out.writeEndArray();
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }
}
