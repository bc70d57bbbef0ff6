package dev.batchapi.text;

/**
 * How a message shows text that a request sent: whole up to {@value #MAX_CODE_POINTS} characters,
 * else its start and "…". Every answer that quotes the request goes through here, so an answer, and
 * the log line that records it, stays small whatever was sent.
 */
public final class Echo {

    public static final int MAX_CODE_POINTS = 64;
    public static final int MAX_TEXTS = 16;

    private Echo() {
    }

    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        // Cut between code points, never inside a surrogate pair.
        if (text.length() <= MAX_CODE_POINTS || text.codePointCount(0, text.length()) <= MAX_CODE_POINTS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_CODE_POINTS)) + "…";
    }

    /** Several texts joined, each shown as {@link #of} shows it, at most {@value #MAX_TEXTS} of them. */
    public static String joined(Iterable<String> texts, String separator) {
        StringBuilder shown = new StringBuilder();
        int count = 0;
        for (String text : texts) {
            if (count > 0) {
                shown.append(separator);
            }
            if (count++ == MAX_TEXTS) {
                return shown.append("…").toString();
            }
            shown.append(of(text));
        }
        return shown.toString();
    }
}
