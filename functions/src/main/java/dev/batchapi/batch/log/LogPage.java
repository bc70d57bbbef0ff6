package dev.batchapi.batch.log;

import java.util.List;

/**
 * How many lines of a log page fit one answer. Lambda refuses a response over 6 MB, and the answer
 * of an HTTP API function is JSON whose body is the JSON of the page as a string: each line is
 * escaped twice, so a quote costs 4 bytes and a control character 7. A page holds lines while their
 * cost, counted at those worst cases, stays within {@value #MAX_BYTES} bytes, well below the limit;
 * it always holds the first line (a line has at most 16 K characters, so at most 112 KB).
 */
public final class LogPage {

    public static final long MAX_BYTES = 4L * 1024 * 1024;
    /** Around each line: its quotes and the comma, each escaped once more. */
    private static final int LINE_OVERHEAD = 5;

    private LogPage() {
    }

    /** The longest start of {@code lines} that fits one answer. */
    public static List<String> fit(List<String> lines) {
        long bytes = 0;
        for (int i = 0; i < lines.size(); i++) {
            bytes += cost(lines.get(i));
            if (bytes > MAX_BYTES && i > 0) {
                return lines.subList(0, i);
            }
        }
        return lines;
    }

    /** The most bytes a line takes in the response: its text escaped as a JSON string, twice. */
    static long cost(String line) {
        long bytes = LINE_OVERHEAD;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\\') {
                bytes += 4; // \" then \\\"
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                bytes += 7; // \u0001 then \\u0001
            } else if (c >= 0x80) {
                bytes += 6; // as \\uXXXX should a writer escape it; UTF-8 takes at most 3 bytes per char
            } else {
                bytes += 1;
            }
        }
        return bytes;
    }
}
