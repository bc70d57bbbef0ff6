package dev.batchapi.json;

import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.StreamReadConstraints;
import software.amazon.awssdk.thirdparty.jackson.core.StreamReadFeature;

/**
 * Bounds on untrusted JSON: nesting depth and the length of any one string or field name (in chars).
 * Holds the parser factory configured with them, built once per set of limits (factories are
 * thread-safe and costly to build).
 */
public final class JsonLimits {

    /** Generous for a batch request (conf values hold JVM options, args hold SQL), tight against abuse. */
    public static final JsonLimits REQUEST = new JsonLimits(16, 64 * 1024);

    private final int maxDepth;
    private final int maxStringLength;
    private final JsonFactory factory;

    public JsonLimits(int maxDepth, int maxStringLength) {
        this.maxDepth = maxDepth;
        this.maxStringLength = maxStringLength;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxStringLength(maxStringLength)
                        .maxNameLength(maxStringLength)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    public int maxDepth() {
        return maxDepth;
    }

    public int maxStringLength() {
        return maxStringLength;
    }

    JsonFactory factory() {
        return factory;
    }
}
