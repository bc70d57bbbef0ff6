package dev.batchapi.local.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonJournalTest {

    private static final String JOURNAL = "journal.jsonl";

    @TempDir
    Path directory;

    @Test
    void replaysTheSnapshotThenWhatWasAppendedSince() {
        try (JsonJournal journal = JsonJournal.open(directory, record -> { })) {
            journal.append(record(1));
            journal.compact(List.of(record(1), record(2)));
            journal.append(record(3));
        }

        assertThat(replayed()).containsExactly(record(1), record(2), record(3));
    }

    @Test
    void aTornLastLineIsDroppedAndTheNextRecordStartsALineOfItsOwn() throws Exception {
        try (JsonJournal journal = JsonJournal.open(directory, record -> { })) {
            journal.append(record(1));
        }
        // A write cut short by a crash: no line end.
        Files.writeString(directory.resolve(JOURNAL), "{\"n\":2,\"te", StandardOpenOption.APPEND);

        List<JsonNode> afterCrash = new ArrayList<>();
        try (JsonJournal journal = JsonJournal.open(directory, afterCrash::add)) {
            journal.append(record(3));
        }

        assertThat(afterCrash).containsExactly(record(1));
        assertThat(replayed()).containsExactly(record(1), record(3));
        assertThat(Files.readString(directory.resolve(JOURNAL), StandardCharsets.UTF_8))
                .isEqualTo("{\"n\":1}\n{\"n\":3}\n");
    }

    @Test
    void aDirectoryIsHeldByOneOpenerAtATime() {
        try (JsonJournal held = JsonJournal.open(directory, record -> { })) {
            assertThatThrownBy(() -> JsonJournal.open(directory, record -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the data directory " + directory + " is already open in this JVM");
        }
        JsonJournal.open(directory, record -> { }).close();
    }

    @Test
    void aCorruptLineInTheMiddleFailsTheOpenAndReleasesTheDirectory() throws Exception {
        Files.writeString(directory.resolve(JOURNAL), "{\"n\":1}\nnot json\n{\"n\":2}\n");

        assertThatThrownBy(() -> JsonJournal.open(directory, record -> { }))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot open the data directory " + directory);

        Files.delete(directory.resolve(JOURNAL));
        assertThat(replayed()).isEmpty();
    }

    private List<JsonNode> replayed() {
        List<JsonNode> records = new ArrayList<>();
        JsonJournal.open(directory, records::add).close();
        return records;
    }

    private static JsonNode record(int n) {
        return JsonNodeFactory.instance.objectNode().put("n", n);
    }
}
