package dev.batchapi.json;

import java.math.BigDecimal;

/**
 * A JSON number exactly as it was written. Kept as text because conf values that arrive as numbers
 * are passed on as strings, and Kyuubi's (Jackson's) coercion passes on the original text.
 */
public record JsonNumber(String literal) {

    public BigDecimal decimalValue() {
        return new BigDecimal(literal);
    }

    @Override
    public String toString() {
        return literal;
    }
}
