package dev.batchapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashPasswordTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aPasswordOfTwelveCharactersOrMoreIsPrintedHashed() {
        assertThat(print("twelve-chars")).isZero();

        PasswordHash hash = PasswordHash.parse(text(out).trim());
        assertThat(hash.iterations()).isEqualTo(PasswordHash.DEFAULT_ITERATIONS);
        assertThat(hash.matches("twelve-chars")).isTrue();
        assertThat(text(err)).isEmpty();
    }

    @Test
    void aShorterPasswordIsRefusedWithExitCode2SayingTheMinimum() {
        assertThat(print("eleven-char")).isEqualTo(2);

        assertThat(text(err)).isEqualTo("the password has 11 characters: a password needs at least 12" + System.lineSeparator());
        assertThat(text(out)).isEmpty();
    }

    @Test
    void charactersAreCountedNotUtf16Units() {
        // Six emoji are twelve UTF-16 units but six characters.
        assertThat(print("\uD83D\uDE00".repeat(6))).isEqualTo(2);
        assertThat(print(null)).isEqualTo(2);
        assertThat(text(err)).contains("has 6 characters", "no password given");
    }

    private int print(String password) {
        return HashPassword.print(password, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
