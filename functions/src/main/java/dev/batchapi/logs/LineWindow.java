package dev.batchapi.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A window of lines of a text stream, read without holding more than the window: skips to the first
 * line wanted, reads the lines wanted, stops. Gzipped streams are read through a decompressor (a
 * gzip stream cannot be entered in the middle, so skipping still reads what it skips).
 */
final class LineWindow {

    private static final int BUFFER = 64 * 1024;
    static final int MAX_LINE_LENGTH = 16 * 1024;

    private LineWindow() {
    }

    /**
     * @param complete whether the text is whole: if not, a last line without its newline may still
     *     grow and is left out
     */
    static List<String> read(InputStream raw, boolean gzipped, long fromLine, int maxLines, boolean complete) {
        List<String> lines = new ArrayList<>();
        if (maxLines <= 0) {
            return lines;
        }
        try (InputStream in = gzipped ? new GZIPInputStream(raw, BUFFER) : raw;
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buffer = new char[BUFFER];
            long line = 0;
            StringBuilder current = new StringBuilder();
            for (int read = reader.read(buffer); read != -1; read = reader.read(buffer)) {
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    if (line++ >= fromLine) {
                        append(current, buffer, start, i - start);
                        lines.add(withoutCarriageReturn(current));
                        if (lines.size() == maxLines) {
                            return lines;
                        }
                    }
                    current.setLength(0);
                    start = i + 1;
                }
                if (line >= fromLine) {
                    append(current, buffer, start, read - start);
                }
            }
            if (complete && line >= fromLine && current.length() > 0) {
                lines.add(withoutCarriageReturn(current));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read step output", e);
        }
    }

    /** Keeps at most {@link #MAX_LINE_LENGTH} characters of a line: memory stays bounded by the window. */
    private static void append(StringBuilder line, char[] buffer, int start, int length) {
        int room = MAX_LINE_LENGTH - line.length();
        if (room > 0) {
            line.append(buffer, start, Math.min(room, length));
        }
    }

    private static String withoutCarriageReturn(StringBuilder line) {
        int length = line.length();
        return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
    }
}
