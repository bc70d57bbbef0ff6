package dev.batchapi.batch;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A conf key pattern of the admin's: {@code *} stands for any run of characters (none included),
 * every other character for itself, case included (Spark and Flink keys are case-sensitive).
 */
public final class ConfKeyPattern {

    private final String glob;
    private final Pattern regex;

    private ConfKeyPattern(String glob) {
        this.glob = glob;
        this.regex = Pattern.compile(Arrays.stream(glob.split("\\*", -1))
                .map(part -> part.isEmpty() ? "" : Pattern.quote(part))
                .collect(Collectors.joining(".*")), Pattern.DOTALL);
    }

    public static ConfKeyPattern of(String glob) {
        return new ConfKeyPattern(glob);
    }

    public boolean matches(String key) {
        return regex.matcher(key).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
