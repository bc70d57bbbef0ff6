package dev.batchapi.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LineWindowTest {

    @Test
    void readsTheWindowAskedFor() {
        assertThat(read("a\nb\nc\nd\n", 1, 2, true)).containsExactly("b", "c");
        assertThat(read("a\nb\n", 5, 2, true)).isEmpty();
        assertThat(read("a\nb\n", 0, 0, true)).isEmpty();
        assertThat(read("", 0, 10, true)).isEmpty();
    }

    @Test
    void anUnendedLastLineCountsOnlyInACompleteText() {
        assertThat(read("a\nb", 0, 10, false)).containsExactly("a");
        assertThat(read("a\nb", 0, 10, true)).containsExactly("a", "b");
        assertThat(read("a\n", 0, 10, true)).containsExactly("a");
    }

    @Test
    void keepsEmptyLinesAndDropsCarriageReturns() {
        assertThat(read("a\r\n\r\n\nb\n", 0, 10, true)).containsExactly("a", "", "", "b");
    }

    @Test
    void bindsWhatOneLineCanHold() {
        String longLine = "x".repeat(LineWindow.MAX_LINE_LENGTH * 3);

        assertThat(read(longLine + "\nnext\n", 0, 10, true))
                .containsExactly("x".repeat(LineWindow.MAX_LINE_LENGTH), "next");
    }

    @Test
    void readsGzip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write("ünïcode\nzwei\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(LineWindow.read(new ByteArrayInputStream(bytes.toByteArray()), true, 0, 10, true))
                .containsExactly("ünïcode", "zwei");
    }

    private static List<String> read(String text, long from, int max, boolean complete) {
        return LineWindow.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), false, from, max, complete);
    }
}
