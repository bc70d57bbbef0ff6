package dev.batchapi.batch.log;

import java.util.Map;

/**
 * One stored piece of a batch's log, at its offset: one API line, or a range of lines of a step
 * output file (referenced, not copied: the file stays in the cluster's log location).
 */
public sealed interface LogEntry {

    long offset();

    /** How many lines (offsets) it covers. */
    int count();

    default long end() {
        return offset() + count();
    }

    /** A line the API wrote. */
    record Line(long offset, String text) implements LogEntry {

        @Override
        public int count() {
            return 1;
        }
    }

    /**
     * Lines {@code [firstLine, firstLine + count)} of a step's output file.
     *
     * @param consumed how far each output file has been referenced, this range included
     */
    record Output(long offset, String file, long firstLine, int count, Map<String, Long> consumed) implements LogEntry {

        public Output {
            consumed = Map.copyOf(consumed);
        }
    }
}
