package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Item sizes per the Developer Guide, "DynamoDB item sizes and formats". */
class ItemSizeTest {

    @Test
    void stringsCountTheirUtf8Bytes() {
        assertThat(ItemSize.of(item("name", new AttributeValue.S("héllo")))).isEqualTo(4 + 6);
    }

    @Test
    void numbersTakeAByteForTwoSignificantDigitsPlusOne() {
        assertThat(ItemSize.of(new AttributeValue.N(new BigDecimal("12345")))).isEqualTo(4);
        assertThat(ItemSize.of(new AttributeValue.N(new BigDecimal("1000.000")))).isEqualTo(2);
        assertThat(ItemSize.of(new AttributeValue.N(new BigDecimal("0.0012")))).isEqualTo(2);
    }

    @Test
    void containersCarryThreeBytesAndOnePerElement() {
        assertThat(ItemSize.of(new AttributeValue.M(Map.of()))).isEqualTo(3);
        assertThat(ItemSize.of(new AttributeValue.L(List.of(new AttributeValue.Bool(true), new AttributeValue.Null()))))
                .isEqualTo(3 + 2 * (1 + 1));
        assertThat(ItemSize.of(new AttributeValue.M(Map.of("ab", new AttributeValue.S("xyz"))))).isEqualTo(3 + 2 + 3 + 1);
    }

    @Test
    void setsAndBinariesCountTheirContent() {
        assertThat(ItemSize.of(new AttributeValue.SS(Set.of("ab", "c")))).isEqualTo(3);
        assertThat(ItemSize.of(new AttributeValue.B(new Bytes(new byte[] {1, 2, 3})))).isEqualTo(3);
    }

    private static Item item(String name, AttributeValue value) {
        return new Item(Map.of(name, value));
    }
}
