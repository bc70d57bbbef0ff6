package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.json.JsonNumber;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GetBatchLocalLogIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private final TestApi api = new TestApi(aws.context());

    @Test
    void theLogTellsHowTheBatchWasReceivedAndSubmitted() {
        String id = submit();

        ApiResponse log = api.localLog("alice", id, 0, 100);

        assertThat(log.status()).isEqualTo(200);
        assertThat(log.json().keySet()).containsExactly("logRowSet", "rowCount");
        List<String> lines = lines(log);
        assertThat(log.number("rowCount")).isEqualTo(lines.size()).isEqualTo(2);
        String stepId = api.get("alice", id).string("appId");
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z Batch received from alice: SPARK s3://b/app.jar, class a.B");
        assertThat(lines.get(1)).endsWith("Submitted as step " + stepId + " on EMR cluster " + aws.clusterId());
    }

    @Test
    void fromAndSizeSelectLinesAndPastTheEndIsEmpty() {
        String id = submit();
        api.kill("alice", id);
        List<String> all = lines(api.localLog("alice", id, 0, 100));
        assertThat(all).hasSizeGreaterThanOrEqualTo(4);

        assertThat(lines(api.localLog("alice", id, 1, 2))).isEqualTo(all.subList(1, 3));
        assertThat(lines(api.localLog("alice", id, all.size(), 10))).isEmpty();
        assertThat(lines(api.localLog("alice", id, 0, 0))).isEmpty();
        assertThat(api.localLog("alice", id, 0, -5).status()).isEqualTo(400);
        assertThat(lines(api.localLog("alice", id, 0, 1_000_000))).isEqualTo(all);
    }

    @Test
    void withoutFromEachCallerContinuesWhereItsLastReadEnded() {
        String id = submit();

        List<String> first = lines(api.localLog("alice", id, null, 1));
        List<String> second = lines(api.localLog("alice", id, null, 1));
        List<String> bobsFirst = lines(api.localLog("bob", id, -1, 1));
        List<String> afterEnd = lines(api.localLog("alice", id, null, 10));
        api.kill("alice", id);
        List<String> newLines = lines(api.localLog("alice", id, null, 10));

        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);
        assertThat(bobsFirst).isEqualTo(first);
        assertThat(afterEnd).isEmpty();
        assertThat(newLines).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("Batch received"));
        assertThat(newLines.get(0)).contains("Kill requested by alice");
    }

    @Test
    void anExplicitFromMovesTheCursorToo() {
        String id = submit();

        lines(api.localLog("alice", id, 1, 1));

        assertThat(lines(api.localLog("alice", id, null, 10))).isEmpty();
    }

    @Test
    void linesKeepTheirOffsetsAsTheLogGrows() {
        String id = submit();
        List<String> before = lines(api.localLog("alice", id, 0, 100));

        api.kill("alice", id);

        assertThat(lines(api.localLog("alice", id, 0, before.size()))).isEqualTo(before);
    }

    @Test
    void unknownBatchesAndBadNumbersAreRefused() {
        String unknown = UUID.randomUUID().toString();

        assertThat(api.localLog("alice", unknown, 0, 10).status()).isEqualTo(404);
        assertThat(api.localLog("alice", unknown, 0, 10).message()).isEqualTo("Invalid batchId: " + unknown);
        assertThat(api.localLog("alice", "nope", null, null).message()).isEqualTo("Invalid batchId: nope");
        String id = submit();
        assertThat(api.localLog("alice", id, "first", null).status()).isEqualTo(400);
        assertThat(api.localLog("alice", id, "first", null).message()).isEqualTo("Invalid from: 'first' is not an integer");
        assertThat(api.localLog("alice", id, 0, "all").message()).isEqualTo("Invalid size: 'all' is not an integer");
        ApiResponse negative = api.localLog("alice", id, 0, -1);
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.message()).isEqualTo("Invalid size -1: size must not be negative (a page holds at most 10000 lines)");
        assertThat(api.localLog("alice", id, 0, 0).json()).containsEntry("rowCount", new JsonNumber("0"));
    }

    private String submit() {
        return api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"s3://b/app.jar\",\"className\":\"a.B\"}")
                .string("id");
    }

    private static List<String> lines(ApiResponse log) {
        @SuppressWarnings("unchecked")
        List<String> lines = (List<String>) log.json().get("logRowSet");
        return lines;
    }
}
