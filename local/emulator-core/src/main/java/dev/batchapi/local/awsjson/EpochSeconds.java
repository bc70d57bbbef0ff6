package dev.batchapi.local.awsjson;

import java.math.BigDecimal;
import java.time.Instant;

/** The JSON protocols carry timestamps as epoch seconds: a number with the milliseconds as fraction. */
public final class EpochSeconds {

    private EpochSeconds() {
    }

    public static BigDecimal of(Instant time) {
        return BigDecimal.valueOf(time.toEpochMilli(), 3);
    }
}
