package dev.batchapi.batch.log;

import java.util.List;
import java.util.Map;

/**
 * A batch's log as stored: entries at offsets, only ever appended, so a line returned at an offset
 * is that offset's line forever. An entry is one API line (received, submitted, state changes,
 * kills) or a range of a step output file, recorded the first time those lines are read.
 */
public interface BatchLog {

    /** The most API lines one batch keeps; later ones are dropped, and the last kept line says so. */
    int MAX_OWN_LINES = 500;

    /** Appends the messages, each as one line stamped with the current time. */
    void append(String batchId, String... messages);

    /** The entries that cover any of {@code [from, to)}, in offset order. */
    List<LogEntry> entries(String batchId, long from, long to);

    LogTail tail(String batchId);

    /** How far each output file has been recorded: the last output range's account. */
    Map<String, Long> consumedOutput(String batchId);

    /**
     * Records a range of a step output file at the end of the log, after a header line when one is
     * given (the range then starts one offset later), only if the end is still where {@code tail} says.
     *
     * @return whether it was recorded; false if the log grew in the meantime (nothing was written)
     */
    boolean appendOutput(String batchId, LogTail tail, String header, LogEntry.Output output);

    /** Where the reader's last read ended: the offset its next "continue" read starts at. */
    long cursor(String batchId, String reader);

    void moveCursor(String batchId, String reader, long next);
}
