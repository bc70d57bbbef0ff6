package dev.batchapi.batch.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogPageTest {

    @Test
    void aLineCostsItsTextEscapedTwiceAtWorstPlusItsQuotesAndComma() {
        assertThat(LogPage.cost("")).isEqualTo(5);
        assertThat(LogPage.cost("abc")).isEqualTo(5 + 3);
        assertThat(LogPage.cost("\"\\")).isEqualTo(5 + 4 + 4);
        assertThat(LogPage.cost("\u0001\u2028\u0085")).isEqualTo(5 + 7 + 7 + 7);
        assertThat(LogPage.cost("\u00e9\u4E2D")).isEqualTo(5 + 6 + 6);
    }

    @Test
    void aPageKeepsTheLinesThatFitFourMebibytesAndAlwaysItsFirst() {
        String quotes = "\"".repeat(16 * 1024);
        List<String> heavy = Collections.nCopies(100, quotes);
        long perLine = LogPage.cost(quotes);

        assertThat(LogPage.fit(heavy)).hasSize((int) (LogPage.MAX_BYTES / perLine));
        assertThat(LogPage.fit(List.of("x".repeat(5 * 1024 * 1024), "y"))).hasSize(1);
        assertThat(LogPage.fit(Collections.nCopies(10_000, "short line"))).hasSize(10_000);
        assertThat(LogPage.fit(List.of())).isEmpty();
    }
}
