package dev.batchapi.local.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A data directory of a local stand-in: a snapshot plus a journal of the records written since, one
 * JSON value a line, held by one process at a time. Each record reaches the operating system before
 * {@link #append} returns, so a JVM killed at any point loses at most the record in flight (a power
 * cut may lose more: records are not forced to the disk one by one, snapshots are). A torn last
 * line is that record: it is dropped on opening, and cut off, so that the next record starts a line.
 */
public final class JsonJournal implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SNAPSHOT = "snapshot.jsonl";
    private static final String JOURNAL = "journal.jsonl";
    private static final byte NEWLINE = '\n';

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel journal;

    private JsonJournal(Path directory, FileChannel lockChannel, FileLock lock, FileChannel journal) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.journal = journal;
    }

    /**
     * Opens (creating if need be) a data directory and replays each record it holds, the snapshot's
     * first. An open that fails releases the directory, so that it can be opened again once the
     * cause is fixed.
     */
    public static JsonJournal open(Path directory, Consumer<JsonNode> replay) {
        try {
            Files.createDirectories(directory);
            FileChannel lockChannel = FileChannel.open(directory.resolve("lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = lock(lockChannel, directory);
                replayLines(directory.resolve(SNAPSHOT), replay);
                long whole = replayLines(directory.resolve(JOURNAL), replay);
                FileChannel journal = FileChannel.open(directory.resolve(JOURNAL),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                try {
                    journal.truncate(whole);
                    journal.position(whole);
                } catch (IOException e) {
                    closeAfterFailure(journal, e);
                    throw e;
                }
                return new JsonJournal(directory, lockChannel, lock, journal);
            } catch (IOException | RuntimeException e) {
                // Closing the channel releases the lock taken through it.
                closeAfterFailure(lockChannel, e);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data directory " + directory, e);
        }
    }

    /** Writes one record as the journal's next line; safe to call from any thread. */
    public synchronized void append(JsonNode record) {
        ByteBuffer line = ByteBuffer.wrap(line(record).getBytes(StandardCharsets.UTF_8));
        try {
            while (line.hasRemaining()) {
                journal.write(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal in " + directory, e);
        }
    }

    /**
     * Writes {@code state} as the new snapshot (to a temporary file, synced, then renamed over the old
     * one) and empties the journal. A crash between the two replays the journal over the new
     * snapshot, so records must be safe to apply again.
     */
    public synchronized void compact(Iterable<? extends JsonNode> state) {
        Path temporary = directory.resolve(SNAPSHOT + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 BufferedWriter writer = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8))) {
                for (JsonNode record : state) {
                    writer.write(line(record));
                }
                writer.flush();
                channel.force(true);
            }
            Files.move(temporary, directory.resolve(SNAPSHOT),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            journal.truncate(0);
            journal.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a snapshot in " + directory, e);
        }
    }

    /** Releases the directory; what was appended stays in the journal. */
    @Override
    public synchronized void close() {
        try (lockChannel; journal) {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the data directory " + directory, e);
        }
    }

    private static FileLock lock(FileChannel lockChannel, Path directory) throws IOException {
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            throw new IllegalStateException("the data directory " + directory + " is already open in this JVM");
        }
        if (lock == null) {
            throw new IllegalStateException("the data directory " + directory + " is in use by another process");
        }
        return lock;
    }

    private static void closeAfterFailure(FileChannel channel, Exception failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static String line(JsonNode record) {
        return record + "\n";
    }

    /**
     * Replays each complete line of the file and returns their length in bytes: anything after the
     * last line end is a write cut short by a crash.
     */
    private static long replayLines(Path file, Consumer<JsonNode> replay) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] content = Files.readAllBytes(file);
        int start = 0;
        for (int end = indexOf(content, start); end >= 0; end = indexOf(content, start)) {
            replay.accept(MAPPER.readTree(Arrays.copyOfRange(content, start, end)));
            start = end + 1;
        }
        return start;
    }

    private static int indexOf(byte[] content, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == NEWLINE) {
                return i;
            }
        }
        return -1;
    }
}
