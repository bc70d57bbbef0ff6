package dev.batchapi.json;

/** Bounds on untrusted JSON: nesting depth and the length of any one string (in chars). */
public record JsonLimits(int maxDepth, int maxStringLength) {

    /** Generous for a batch request (conf values hold JVM options, args hold SQL), tight against abuse. */
    public static final JsonLimits REQUEST = new JsonLimits(16, 64 * 1024);
}
