package dev.batchapi.batch.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.logs.DynamoDbBatchLog;
import dev.batchapi.logs.LocalStepLogs;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The log as one sequence: API lines, then the step's output files, with offsets that never move. */
class BatchLogReaderIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String T = "2026-11-25T10:00:00Z ";

    @TempDir
    Path logRoot;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final BatchLog log = new DynamoDbBatchLog(aws::dynamoDb, LocalAws.TABLE, Duration.ofDays(1), clock);
    private final BatchLogReader reader = new BatchLogReader(log, List.of(new LocalStepLogs()));
    private final String batch = UUID.randomUUID().toString();
    private Path stepFolder;
    private StepLogLocation location;

    @BeforeEach
    void stepFolder() throws IOException {
        location = new StepLogLocation(logRoot.toUri().toString(), "j-1", "s-1");
        stepFolder = Files.createDirectories(logRoot.resolve("j-1").resolve("steps").resolve("s-1"));
    }

    @Test
    void apiLinesComeFirstThenStdoutThenStderrEachUnderAHeader() throws IOException {
        log.append(batch, "received", "submitted");
        write("stdout", "Pi is roughly 3.14\n");
        write("stderr", "INFO starting\nINFO done\n");

        assertThat(read(true, 0, 100)).containsExactly(T + "received", T + "submitted",
                "==> stdout of step s-1 <==", "Pi is roughly 3.14",
                "==> stderr of step s-1 <==", "INFO starting", "INFO done");
    }

    @Test
    void aLineReturnedAtAnOffsetIsReturnedThereForeverAsTheLogGrows() throws IOException {
        log.append(batch, "received");
        write("stdout", "one\n");
        List<String> first = read(false, 0, 100);

        log.append(batch, "State RUNNING -> FINISHED");
        write("stdout", "two\n");
        write("stderr", "bye\n");
        List<String> later = read(true, 0, 100);

        assertThat(first).containsExactly(T + "received", "==> stdout of step s-1 <==", "one");
        assertThat(later).startsWith(first.toArray(String[]::new));
        assertThat(later.subList(first.size(), later.size())).containsExactly(T + "State RUNNING -> FINISHED",
                "==> stdout of step s-1, from line 2 <==", "two", "==> stderr of step s-1 <==", "bye");
        assertThat(read(true, 0, 100)).isEqualTo(later);
    }

    @Test
    void outputThatGrowsRightAfterItsLastRangeContinuesWithoutANewHeader() throws IOException {
        write("stdout", "one\n");
        read(false, 0, 100);
        write("stdout", "two\n");

        assertThat(read(false, 0, 100)).containsExactly("==> stdout of step s-1 <==", "one", "two");
    }

    @Test
    void aLineStillBeingWrittenWaitsUntilItEndsOrTheStepDoes() throws IOException {
        write("stdout", "whole\nhal");

        assertThat(read(false, 0, 100)).containsExactly("==> stdout of step s-1 <==", "whole");
        write("stdout", "f\nlast without newline");
        assertThat(read(false, 0, 100)).containsExactly("==> stdout of step s-1 <==", "whole", "half");
        assertThat(read(true, 0, 100)).containsExactly("==> stdout of step s-1 <==", "whole", "half",
                "last without newline");
    }

    @Test
    void gzippedOutputAsEmrUploadsItReadsLikePlain() throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(stepFolder.resolve("stderr.gz")))) {
            out.write("Exception in thread \"main\" boom\r\n\tat demo.Main\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(read(true, 0, 100)).containsExactly("==> stderr of step s-1 <==",
                "Exception in thread \"main\" boom", "\tat demo.Main");
    }

    @Test
    void pagesCrossTheBoundaryBetweenApiLinesAndOutputAndAddUpToTheWhole() throws IOException {
        log.append(batch, "a", "b", "c");
        StringBuilder stdout = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            stdout.append("line ").append(i).append('\n');
        }
        write("stdout", stdout.toString());

        List<String> paged = new ArrayList<>();
        for (long from = 0; ; from += 4) {
            List<String> page = read(true, from, 4);
            if (page.isEmpty()) {
                break;
            }
            paged.addAll(page);
        }

        assertThat(paged).hasSize(3 + 1 + 20);
        assertThat(paged.subList(2, 6)).containsExactly(T + "c", "==> stdout of step s-1 <==", "line 1", "line 2");
        assertThat(read(true, 0, 1000)).isEqualTo(paged);
    }

    @Test
    void readingPastTheEndReturnsNothingAndRecordsNothing() throws IOException {
        log.append(batch, "received");
        write("stdout", "out\n");

        assertThat(read(true, 50, 10)).isEmpty();
        assertThat(read(true, 0, 10)).containsExactly(T + "received", "==> stdout of step s-1 <==", "out");
    }

    @Test
    void aBatchWithoutAStepHasOnlyItsApiLines() {
        log.append(batch, "received");

        assertThat(reader.read(batch, Optional.empty(), 0, 10)).containsExactly(T + "received");
    }

    @Test
    void twoReadersAtTheEndRecordTheOutputOnce() throws IOException {
        write("stdout", "once\n");
        BatchLogReader other = new BatchLogReader(log, List.of(new LocalStepLogs()));

        List<String> mine = read(true, 0, 10);
        List<String> theirs = other.read(batch, Optional.of(step(true)), 0, 10);

        assertThat(theirs).isEqualTo(mine).containsExactly("==> stdout of step s-1 <==", "once");
    }

    @Test
    void outputThatVanishedReadsAsPlaceholdersSoOffsetsHold() throws IOException {
        write("stdout", "one\ntwo\n");
        read(true, 0, 10);
        Files.delete(stepFolder.resolve("stdout"));

        assertThat(read(true, 0, 10)).containsExactly("==> stdout of step s-1 <==",
                BatchLogReader.MISSING_OUTPUT_LINE, BatchLogReader.MISSING_OUTPUT_LINE);
    }

    private List<String> read(boolean stepEnded, long from, int size) {
        return reader.read(batch, Optional.of(step(stepEnded)), from, size);
    }

    private BatchLogReader.Step step(boolean ended) {
        return new BatchLogReader.Step("s-1", ended, () -> Optional.of(location));
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(stepFolder.resolve(file), text, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
