package dev.batchapi.local.emr.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the EMR data directory refuses to read back; each refusal leaves it free to open once fixed. */
class EmrDataDirectoryTest {

    private static final String JOURNAL = "journal.jsonl";

    @TempDir
    Path directory;

    @Test
    void aLineThatIsNoRecordFailsTheOpenSayingWhich() throws Exception {
        Files.writeString(directory.resolve(JOURNAL), "{\"kind\":\"volume\"}\n");

        assertThatThrownBy(() -> EmrDataDirectory.open(directory))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("a line of the EMR data directory is not a record: {\"kind\":\"volume\"}");

        assertOpensOnceFixed();
    }

    @Test
    void aStepOfAClusterNeverKeptFailsTheOpen() throws Exception {
        Files.writeString(directory.resolve(JOURNAL), "{\"kind\":\"process\",\"clusterId\":\"j-NOWHERE\","
                + "\"stepId\":\"s-1\",\"process\":{\"pid\":1,\"start\":\"2024-01-01T00:00:00Z\"}}\n");

        assertThatThrownBy(() -> EmrDataDirectory.open(directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the EMR data directory has a step of cluster j-NOWHERE before the cluster itself");

        assertOpensOnceFixed();
    }

    private void assertOpensOnceFixed() throws Exception {
        Files.delete(directory.resolve(JOURNAL));
        try (EmrDataDirectory reopened = EmrDataDirectory.open(directory)) {
            assertThat(reopened.recovered()).isEmpty();
        }
    }
}
