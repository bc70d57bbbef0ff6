package dev.batchapi.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The two text rules every input string meets: bytes are decoded as UTF-8 strictly (never with
 * U+FFFD in place of what is not UTF-8), and no C0 or C1 control character (U+0000–U+001F, U+007F,
 * U+0080–U+009F) gets past a check: they end up in spark-submit's arguments, in log lines and in
 * DynamoDB items, where they split, hide or forge text.
 */
public final class UnicodeText {

    private UnicodeText() {
    }

    /** The text the bytes encode; empty if they are not well-formed UTF-8. */
    public static Optional<String> decodeUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The first C0 or C1 control character in the text; empty if there is none. */
    public static OptionalInt firstControlCharacter(String text) {
        return text.chars().filter(Character::isISOControl).findFirst();
    }

    public static boolean hasControlCharacter(String text) {
        return firstControlCharacter(text).isPresent();
    }

    /** The length of the text in UTF-8, as DynamoDB measures a key: without encoding it. */
    public static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** How a control character is named in a message: {@code U+0085}. */
    public static String codePoint(int c) {
        return String.format("U+%04X", c);
    }
}
