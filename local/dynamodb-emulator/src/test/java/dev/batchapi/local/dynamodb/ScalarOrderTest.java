package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ScalarOrderTest {

    @Test
    void stringsOrderByUtf8BytesNotUtf16Units() {
        // U+FF5E is one UTF-16 unit above the surrogate pair of U+1F600, but its UTF-8 bytes are lower.
        assertThat(ScalarOrder.compareUtf8("\uFF5E", "\uD83D\uDE00")).isNegative();
        assertThat("\uFF5E".compareTo("\uD83D\uDE00")).isPositive();
        assertThat(ScalarOrder.compareUtf8("a", "ab")).isNegative();
    }

    @Test
    void numbersOrderNumericallyAndBinariesUnsigned() {
        assertThat(ScalarOrder.SAME_TYPE.compare(new AttributeValue.N(new BigDecimal("9")),
                new AttributeValue.N(new BigDecimal("10")))).isNegative();
        assertThat(ScalarOrder.SAME_TYPE.compare(new AttributeValue.B(new Bytes(new byte[] {(byte) 0x80})),
                new AttributeValue.B(new Bytes(new byte[] {0x7f})))).isPositive();
    }
}
