package dev.batchapi.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.batch.log.BatchLog;
import dev.batchapi.batch.log.BatchLogReader;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoDbBatchLogIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(1);

    private final MutableClock clock = new MutableClock(START);
    private final BatchLog log = new DynamoDbBatchLog(aws::dynamoDb, LocalAws.TABLE, RETENTION, clock);
    private final BatchLogReader reader = new BatchLogReader(log, List.of());
    private final String batch = UUID.randomUUID().toString();

    @Test
    void linesAreStampedAndReadBackInOrder() {
        log.append(batch, "first", "second");
        clock.advance(Duration.ofSeconds(1));
        log.append(batch, "third");

        assertThat(read(batch, 0, 10)).containsExactly(
                "2026-11-25T10:00:00Z first", "2026-11-25T10:00:00Z second", "2026-11-25T10:00:01Z third");
        assertThat(read(batch, 1, 1)).containsExactly("2026-11-25T10:00:00Z second");
        assertThat(read(batch, 3, 10)).isEmpty();
        assertThat(read(UUID.randomUUID().toString(), 0, 10)).isEmpty();
    }

    @Test
    void concurrentWritersLoseNoLineAndLeaveNoHole() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                int id = writer;
                writers.add(pool.submit(() -> {
                    for (int line = 0; line < 10; line++) {
                        log.append(batch, "writer " + id + " line " + line);
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> lines = read(batch, 0, 1000);

        assertThat(lines).hasSize(80).doesNotHaveDuplicates().doesNotContain(BatchLogReader.EXPIRED_LINE);
        for (int writer = 0; writer < 8; writer++) {
            String prefix = "writer " + writer + " line ";
            assertThat(lines.stream().filter(line -> line.contains(prefix)).map(line -> line.substring(line.indexOf(prefix))))
                    .as("one writer's lines keep their order")
                    .containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4,
                            prefix + 5, prefix + 6, prefix + 7, prefix + 8, prefix + 9);
        }
    }

    @Test
    void aBatchKeepsAtMostItsLimitOfLinesAndTheLastOneSaysSo() {
        String[] messages = new String[BatchLog.MAX_OWN_LINES + 10];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = "line " + i;
        }

        log.append(batch, messages);

        List<String> lines = read(batch, 0, 10_000);
        assertThat(lines).hasSize(BatchLog.MAX_OWN_LINES);
        assertThat(lines.get(BatchLog.MAX_OWN_LINES - 2)).endsWith("line 498");
        assertThat(lines.get(BatchLog.MAX_OWN_LINES - 1))
                .isEqualTo("(this batch reached its limit of 500 API log lines; later ones are not kept)");
    }

    @Test
    void anExpiredLineReadsAsAPlaceholderSoLaterOffsetsDoNotMove() {
        log.append(batch, "old one", "old two");
        clock.advance(RETENTION.plusHours(1));
        log.append(batch, "new");

        aws.dynamoDbEmulator().sweepExpiredItems(START.plus(RETENTION).plusSeconds(1));

        assertThat(read(batch, 0, 10)).containsExactly(
                BatchLogReader.EXPIRED_LINE, BatchLogReader.EXPIRED_LINE, clock.instant() + " new");
        assertThat(read(batch, 2, 10)).containsExactly(clock.instant() + " new");
    }

    private List<String> read(String batchId, long from, int size) {
        return reader.read(batchId, Optional.empty(), from, size);
    }

    @Test
    void eachReaderHasItsOwnCursor() {
        assertThat(log.cursor(batch, "alice")).isZero();

        log.moveCursor(batch, "alice", 7);
        log.moveCursor(batch, "bob", 2);

        assertThat(log.cursor(batch, "alice")).isEqualTo(7);
        assertThat(log.cursor(batch, "bob")).isEqualTo(2);
    }
}
