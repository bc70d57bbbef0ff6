package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A data directory: a snapshot plus a journal of the commits made since, one JSON line per commit.
 * Each commit is written to the operating system before it is applied, so a JVM killed at any point
 * loses at most the commit in flight; a torn last line is that commit and is dropped on recovery.
 */
final class DataDirectory implements MutationLog {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SNAPSHOT = "snapshot.jsonl";
    private static final String JOURNAL = "journal.jsonl";

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel journal;

    private DataDirectory(Path directory, FileChannel lockChannel, FileLock lock, FileChannel journal) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.journal = journal;
    }

    /**
     * Opens (creating if need be) a data directory and replays what it holds, snapshot first. An open
     * that fails releases the directory, so that it can be opened again once the cause is fixed.
     */
    static DataDirectory open(Path directory, Consumer<Mutation> replay) {
        try {
            Files.createDirectories(directory);
            FileChannel lockChannel = FileChannel.open(directory.resolve("lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = lockChannel.tryLock();
                if (lock == null) {
                    throw new IllegalStateException("the data directory " + directory + " is in use by another process");
                }
                readCommits(directory.resolve(SNAPSHOT), replay);
                readCommits(directory.resolve(JOURNAL), replay);
                FileChannel journal = FileChannel.open(directory.resolve(JOURNAL),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                return new DataDirectory(directory, lockChannel, lock, journal);
            } catch (IOException | RuntimeException e) {
                // Closing the channel releases the lock taken through it.
                closeAfterFailure(lockChannel, e);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data directory " + directory, e);
        }
    }

    @Override
    public void append(List<Mutation> commit) {
        ByteBuffer line = ByteBuffer.wrap(line(commit).getBytes(StandardCharsets.UTF_8));
        try {
            while (line.hasRemaining()) {
                journal.write(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal in " + directory, e);
        }
    }

    /**
     * Writes the state as a new snapshot (to a temporary file, synced, then renamed over the old one)
     * and empties the journal. A crash between the two replays the journal over the new snapshot,
     * which mutations tolerate.
     */
    @Override
    public void compact(List<Mutation> state) {
        Path temporary = directory.resolve(SNAPSHOT + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 BufferedWriter writer = new BufferedWriter(Channels.newWriter(
                         channel, StandardCharsets.UTF_8))) {
                for (Mutation mutation : state) {
                    writer.write(line(List.of(mutation)));
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

    @Override
    public void close() {
        try (lockChannel; journal) {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the data directory " + directory, e);
        }
    }

    private static void closeAfterFailure(FileChannel channel, Exception failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static String line(List<Mutation> commit) {
        ArrayNode array = MAPPER.createArrayNode();
        commit.forEach(mutation -> array.add(mutation.toJson()));
        return array + "\n";
    }

    /** Replays each complete line; an unterminated last line is a write cut short by a crash. */
    private static void readCommits(Path file, Consumer<Mutation> replay) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        String content = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
        lines.remove(lines.size() - 1);
        for (String line : lines) {
            JsonNode commit = MAPPER.readTree(line);
            commit.forEach(mutation -> replay.accept(Mutation.fromJson(mutation)));
        }
    }
}
