package dev.batchapi.logs;

import java.util.List;

/**
 * The API's own lines about a batch (received, submitted, state changes, kills), in order. Lines are
 * only ever appended, so the line at an offset stays the line at that offset.
 */
public interface BatchLog {

    /** The most lines one batch keeps; later ones are dropped, and the last kept line says so. */
    int MAX_LINES = 500;

    /** Appends the messages, each as one line stamped with the current time. */
    void append(String batchId, String... messages);

    /** Lines {@code [from, from + size)}; fewer, or none, past the end. */
    List<String> read(String batchId, long from, int size);

    /** Where the reader's last read ended: the offset its next "continue" read starts at. */
    long cursor(String batchId, String reader);

    void moveCursor(String batchId, String reader, long next);
}
