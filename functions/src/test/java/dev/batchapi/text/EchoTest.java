package dev.batchapi.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EchoTest {

    @Test
    void shortTextIsShownWholeAndLongTextByItsFirst64Characters() {
        assertThat(Echo.of("DONE")).isEqualTo("DONE");
        assertThat(Echo.of("x".repeat(64))).isEqualTo("x".repeat(64));
        assertThat(Echo.of("x".repeat(100 * 1024))).isEqualTo("x".repeat(64) + "…");
        assertThat(Echo.of(null)).isEqualTo("null");
    }

    @Test
    void aCharacterOutsideTheBmpIsNeverCutInHalf() {
        String emoji = new String(Character.toChars(0x1F600));

        assertThat(Echo.of(emoji.repeat(64))).isEqualTo(emoji.repeat(64));
        assertThat(Echo.of("a" + emoji.repeat(100))).isEqualTo("a" + emoji.repeat(63) + "…");
    }

    @Test
    void aListShowsAtMostSixteenTexts() {
        List<String> names = IntStream.range(0, 1000).mapToObj(i -> "f" + i).toList();

        assertThat(Echo.joined(List.of("a.jar", "b.jar"), ", ")).isEqualTo("a.jar, b.jar");
        assertThat(Echo.joined(names, ",")).isEqualTo(String.join(",", names.subList(0, 16)) + ",…");
        assertThat(Echo.joined(List.of("x".repeat(65)), ",")).isEqualTo("x".repeat(64) + "…");
    }
}
