package dev.batchapi.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The engines a batch can run on. */
public enum BatchType {
    SPARK(true),
    PYSPARK(false),
    FLINK(true);

    public static final List<String> SUPPORTED = Arrays.stream(values()).map(Enum::name).toList();

    private final boolean needsClassName;

    BatchType(boolean needsClassName) {
        this.needsClassName = needsClassName;
    }

    /** PYSPARK runs a .py file; the JVM engines need the main class. */
    public boolean needsClassName() {
        return needsClassName;
    }

    /** Kyuubi accepts any case and stores the upper-case name. */
    public static Optional<BatchType> parse(String text) {
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
