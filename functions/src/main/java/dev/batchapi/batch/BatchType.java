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

    /**
     * The name a conf key of the batch request has for the engine. Spark ignores properties outside
     * {@code spark.}, so for SPARK and PYSPARK a key keeps Kyuubi's meaning as Kyuubi passes it on
     * (SparkProcessBuilder.convertConfigKey): {@code spark.*} as is, {@code hadoop.*} under
     * {@code spark.hadoop.} (so {@code hadoop.tmp.dir} reaches Hadoop as {@code hadoop.tmp.dir}), any
     * other under {@code spark.}. Flink reads its own keys as given.
     */
    public String engineConfKey(String key) {
        if (this == FLINK || key.startsWith("spark.")) {
            return key;
        }
        return key.startsWith("hadoop.") ? "spark.hadoop." + key : "spark." + key;
    }

    /** Kyuubi accepts any case and stores the upper-case name. */
    public static Optional<BatchType> parse(String text) {
        try {
            return Optional.of(valueOf(text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
