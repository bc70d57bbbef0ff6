package dev.batchapi.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource, or one entry of a conf value that lists files, as spark-submit and flink read it: a URI,
 * or a path without a scheme, which both resolve to a {@code file:} URI of the node the step runs on.
 */
record Location(String text) {

    /** The scheme of RFC 3986. */
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):.*", Pattern.DOTALL);
    /** Spark lists with commas, Flink with semicolons: splitting at both misses no entry of either. */
    private static final Pattern SEPARATOR = Pattern.compile("[,;]");
    private static final String FILE = "file";
    /** Spark's "a file already on every node": on the primary node too. */
    private static final String NODE_LOCAL = "local";
    private static final List<String> INTERNET = List.of("http", "https", "ftp");

    /** The entries of a comma- or semicolon-separated list, blanks dropped. */
    static List<Location> listed(String value) {
        return Arrays.stream(SEPARATOR.split(value))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .map(Location::new)
                .toList();
    }

    /** The URI scheme in lower case; {@code file} for a path without one. */
    String scheme() {
        Matcher matcher = SCHEME.matcher(text.trim());
        return matcher.matches() ? matcher.group(1).toLowerCase(Locale.ROOT) : FILE;
    }

    /** A file of the node the step runs on: the primary node. */
    boolean onTheNode() {
        String scheme = scheme();
        return scheme.equals(FILE) || scheme.equals(NODE_LOCAL);
    }

    boolean onTheInternet() {
        return INTERNET.contains(scheme());
    }
}
