package dev.batchapi.api;

import dev.batchapi.wire.KyuubiBatch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchSpec;
import dev.batchapi.batch.BatchType;
import dev.batchapi.batch.RunLimits;
import dev.batchapi.batch.SubmittedInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/api.md, the contract, and the code agree on what a Batch holds and which calls there are. */
class ContractDocumentTest {

    private static final Path CONTRACT = Path.of("..", "docs", "api.md");

    @Test
    void theBatchObjectsTableListsEveryFieldTheApiAnswersWith() throws IOException {
        Map<String, Object> answered = KyuubiBatch.of(Batch.pending("8c4ab3ae-2f0c-4b39-9d0b-3d2a8f4c1e57", "alice",
                BatchType.SPARK, "pi", new BatchSpec("a.jar", "a.B", Map.of(), List.of()), null, 1, "j-1", RunLimits.DEFAULT), Map.of());

        assertThat(tableOf("## The Batch object")).containsExactlyInAnyOrderElementsOf(answered.keySet());
    }

    @Test
    void getsTableOfWhatABatchWasSubmittedWithListsEveryKeyTheApiAdds() throws IOException {
        List<String> keys = new ArrayList<>(SubmittedInfo.KEYS.stream().map(key -> "`" + key + "`").toList());
        keys.add("`" + SubmittedInfo.CONF_PREFIX + "<key>`");

        assertThat(tableOf("### What the batch was submitted with")).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void everyRouteHasItsSection() throws IOException {
        List<String> headings = Files.readAllLines(CONTRACT).stream().filter(line -> line.startsWith("## ")).toList();

        for (ApiPath path : ApiPath.values()) {
            String documented = path.template().replace("/api/v1", "");
            for (String method : path.methods()) {
                assertThat(headings).as("%s %s", method, documented)
                        .anyMatch(heading -> heading.equals("## " + method + " " + documented)
                                || heading.startsWith("## " + method + " " + documented + " "));
            }
        }
    }

    /** The first column of the table under the heading (up to the next heading), its header row aside. */
    private static List<String> tableOf(String heading) throws IOException {
        List<String> lines = Files.readAllLines(CONTRACT);
        List<String> names = new ArrayList<>();
        for (int i = lines.indexOf(heading) + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            String line = lines.get(i);
            boolean header = i + 1 < lines.size() && lines.get(i + 1).startsWith("|---");
            if (line.startsWith("| ") && !header) {
                names.add(line.substring(2, line.indexOf(" |", 2)).trim());
            }
        }
        return names;
    }
}
