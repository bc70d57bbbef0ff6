package dev.batchapi.batch.log;

import java.util.Optional;

/**
 * The end of a batch's log: the offset the next entry takes, how many API lines it holds, and its
 * last entry (an output range there can be continued without a new header).
 */
public record LogTail(long next, int ownLines, Optional<LogEntry> last) {

    public static final LogTail EMPTY = new LogTail(0, 0, Optional.empty());

    /** Whether lines of {@code file} from {@code firstLine} on would follow the last entry directly. */
    public boolean continues(String file, long firstLine) {
        return last.filter(entry -> entry instanceof LogEntry.Output output
                        && output.file().equals(file)
                        && output.firstLine() + output.count() == firstLine)
                .isPresent();
    }
}
