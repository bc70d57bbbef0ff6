package dev.batchapi.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    private static final JsonLimits LIMITS = new JsonLimits(4, 20);

    @Test
    void parsesEveryKindOfValue() {
        Object value = Json.parse(" {\"s\":\"a\\\"b\\u00e9\\n\",\"n\":-1.5e3,\"i\":0,\"t\":true,\"f\":false,"
                + "\"z\":null,\"l\":[1,[]],\"o\":{}} ", new JsonLimits(8, 100));

        assertThat(value).isEqualTo(map(
                "s", "a\"bé\n", "n", new JsonNumber("-1.5e3"), "i", new JsonNumber("0"), "t", true, "f", false,
                "z", null, "l", List.of(new JsonNumber("1"), List.of()), "o", Map.of()));
    }

    @Test
    void keepsFieldOrder() {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) Json.parse("{\"b\":1,\"a\":2,\"c\":3}", LIMITS);

        assertThat(object.keySet()).containsExactly("b", "a", "c");
    }

    @Test
    void textAlreadyWrittenIsCopiedAsItIsAlsoInsideAValue() {
        String document = "{ \"openapi\" : \"3.1.0\",\n  \"x\": [1, 2] }";

        assertThat(Json.write(new JsonText(document))).isEqualTo(document);
        assertThat(Json.write(Map.of("doc", new JsonText("[1, 2]")))).isEqualTo("{\"doc\":[1, 2]}");
    }

    @Test
    void numbersKeepTheirOriginalText() {
        assertThat(Json.parse("1.0", LIMITS).toString()).isEqualTo("1.0");
        assertThat(Json.parse("1E+3", LIMITS).toString()).isEqualTo("1E+3");
    }

    @Test
    void rejectsMalformedTextWithThePosition() {
        assertThatThrownBy(() -> Json.parse("{\"a\":}", LIMITS))
                .isInstanceOf(JsonException.class)
                .hasMessage("Malformed JSON at position 5: Unexpected character ('}' (code 125)): expected a value");
        assertThatThrownBy(() -> Json.parse("{\"a\":1", LIMITS)).hasMessageContaining("unexpected end of input");
        assertThatThrownBy(() -> Json.parse("[1,]", LIMITS)).hasMessageContaining("Unexpected character (']'");
        assertThatThrownBy(() -> Json.parse("{a:1}", LIMITS)).hasMessageContaining("double-quote to start field name");
        assertThatThrownBy(() -> Json.parse("01", LIMITS)).hasMessageContaining("Leading zeroes not allowed");
        assertThatThrownBy(() -> Json.parse("1.", LIMITS)).hasMessageContaining("Decimal point not followed by a digit");
        assertThatThrownBy(() -> Json.parse("tru", LIMITS)).hasMessageContaining("Unrecognized token 'tru'");
        assertThatThrownBy(() -> Json.parse("\"a\\x\"", LIMITS)).hasMessageContaining("Unrecognized character escape 'x'");
        assertThatThrownBy(() -> Json.parse("\"a\nb\"", LIMITS)).hasMessageContaining("CTRL-CHAR, code 10");
        assertThatThrownBy(() -> Json.parse("", LIMITS)).hasMessageContaining("unexpected end of input");
        assertThatThrownBy(() -> Json.parse("{} {}", LIMITS))
                .hasMessage("Malformed JSON at position 3: unexpected text after the JSON value");
        assertThatThrownBy(() -> Json.parse("{} x", LIMITS)).hasMessageContaining("Unrecognized token 'x'");
    }

    @Test
    void rejectsUnicodeEscapesThatAreNotFourHexDigits() {
        assertThatThrownBy(() -> Json.parse("\"\\u+041\"", LIMITS))
                .hasMessage("Malformed JSON at position 3: Unexpected character ('+' (code 43)):"
                        + " expected a hex-digit for character escape sequence");
        assertThatThrownBy(() -> Json.parse("\"\\u-001\"", LIMITS)).hasMessageContaining("expected a hex-digit");
        assertThatThrownBy(() -> Json.parse("\"\\u04\"", LIMITS)).hasMessageContaining("expected a hex-digit");
    }

    @Test
    void rejectsUnpairedSurrogateEscapes() {
        assertThatThrownBy(() -> Json.parse("{\"a\":\"x\\ud800\"}", LIMITS))
                .hasMessage("Malformed JSON at position 5: a string holds an unpaired surrogate (\\ud800),"
                        + " which is not Unicode text");
        assertThatThrownBy(() -> Json.parse("{\"\\udc00\":1}", LIMITS)).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> Json.parse("[\"\\ude80\\ud83d\"]", LIMITS)).hasMessageContaining("unpaired surrogate");
    }

    /** Nothing Jackson allows only on request: every message in words of ours, naming no class or feature. */
    @ParameterizedTest
    @ValueSource(strings = {"NaN", "[Infinity]", "'a'", "{'a':1}", "[1]//c", "/*c*/1", "[1,]", "{\"a\":1,}", "+1",
            ".5", "0x10", "[1 2]", "{\"a\" 1}", "\"\\u+041\"", "-", "1e", "[", "{", "\"", "nul", "\u00001"})
    void strictnessHoldsAndMessagesNameNoInternals(String text) {
        assertThatThrownBy(() -> Json.parse(text, LIMITS))
                .isInstanceOf(JsonException.class)
                .message()
                .startsWith("Malformed JSON at position ")
                .doesNotContain("`", "Feature", "Source", "Exception", "jackson", "REDACTED", "\n");
    }

    @Test
    void rejectsDuplicateFieldsAtAnyDepth() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}", LIMITS))
                .hasMessage("Malformed JSON at position 10: Duplicate field 'a'");
        assertThatThrownBy(() -> Json.parse("{\"conf\":{\"k\":\"1\",\"k\":\"2\"}}", LIMITS))
                .hasMessageContaining("Duplicate field 'k'");
        assertThat(Json.parse("{\"a\":{\"k\":1},\"b\":{\"k\":2}}", LIMITS)).isNotNull();
    }

    @Test
    void enforcesDepthAndStringLimits() {
        assertThat(Json.parse("[[[[]]]]", LIMITS)).isNotNull();
        assertThat(Json.parse("\"" + "x".repeat(20) + "\"", LIMITS)).isEqualTo("x".repeat(20));
        assertThatThrownBy(() -> Json.parse("[[[[[]]]]]", LIMITS)).hasMessageContaining("nested deeper than 4 levels");
        assertThatThrownBy(() -> Json.parse("{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}", LIMITS))
                .hasMessageContaining("nested deeper than 4 levels");
        assertThatThrownBy(() -> Json.parse("\"" + "x".repeat(21) + "\"", LIMITS))
                .hasMessageContaining("string longer than 20 characters");
        assertThatThrownBy(() -> Json.parse("{\"" + "k".repeat(21) + "\":1}", LIMITS))
                .hasMessageContaining("string longer than 20 characters");
        assertThatThrownBy(() -> Json.parse("\"" + "x".repeat(70_000) + "\"", JsonLimits.REQUEST))
                .hasMessageContaining("string longer than 65536 characters");
    }

    @Test
    void writesValuesWithEscapes() {
        Map<String, Object> value = map("a", "q\"\\\n\t\u0001\u2028", "b", List.of(1, 2L, true), "c", null,
                "d", new JsonNumber("2.50"), "e", Map.of());

        assertThat(Json.write(value))
                .isEqualTo("{\"a\":\"q\\\"\\\\\\n\\t\\u0001\\u2028\",\"b\":[1,2,true],\"c\":null,\"d\":2.50,\"e\":{}}");
    }

    @Test
    void writtenTextParsesBackToTheSameValue() {
        Map<String, Object> value = map("text", "ünïcödé 🚀 \u0000", "list", List.of("x", new JsonNumber("3")));

        assertThat(Json.parse(Json.write(value), new JsonLimits(4, 100))).isEqualTo(value);
    }

    @Test
    void refusesToWriteWhatIsNotJson() {
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, Object> map(Object... entries) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((String) entries[i], entries[i + 1]);
        }
        return map;
    }

    @Test
    void surrogatePairsSurviveEscapes() {
        Object value = Json.parse("\"\\ud83d\\ude80\"", LIMITS);

        assertThat(value).isEqualTo("🚀");
        assertThat(Json.write(value)).isEqualTo("\"🚀\"");
    }
}
