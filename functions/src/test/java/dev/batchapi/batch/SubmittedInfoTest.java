package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmittedInfoTest {

    private static final Clusters CLUSTERS = Clusters.of("default", "j-DEFAULT", List.of("etl"), List.of("j-ETL"));

    @Test
    void aBatchReadWholeShowsItsSpecAndEveryLimitItRunsUnderInOneOrder() {
        BatchSpec spec = new BatchSpec("s3://user:pw@b/app.jar?versionId=1", "a.B",
                Map.of("spark.b", "2", "spark.a", "1", "spark.my.token", "t"), List.of("x", "y \"z\""));
        Batch batch = Batch.pending("4f1c0b8e-27a4-4b52-9d44-0a7e2e0b9f3d", "alice", BatchType.SPARK, null, spec,
                null, 1, "j-ETL", new RunLimits(2, 30, 0));

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("batch.resource", "s3://b/app.jar?<redacted>");
        expected.put("batch.className", "a.B");
        expected.put("batch.args", "[\"x\",\"y \\\"z\\\"\"]");
        expected.put("batch.conf.spark.a", "1");
        expected.put("batch.conf.spark.b", "2");
        expected.put("batch.conf.spark.my.token", Redaction.REDACTED);
        expected.put("batchapi.cluster", "etl");
        expected.put("batchapi.maxAttempts", "2");
        expected.put("batchapi.executionTimeoutSeconds", "30");
        expected.put("batchapi.queueTimeoutSeconds", "0");
        assertThat(SubmittedInfo.of(batch, CLUSTERS)).containsExactlyEntriesOf(expected);
    }

    @Test
    void aBatchReadFromAListingShowsNothing() {
        Batch listed = Batch.pending("4f1c0b8e-27a4-4b52-9d44-0a7e2e0b9f3d", "alice", BatchType.SPARK, null, null,
                null, 1, "j-DEFAULT", RunLimits.DEFAULT);

        assertThat(SubmittedInfo.of(listed, CLUSTERS)).isEmpty();
    }

    @Test
    void aClusterTheDeploymentNoLongerNamesIsShownByItsId() {
        Batch batch = Batch.pending("4f1c0b8e-27a4-4b52-9d44-0a7e2e0b9f3d", "alice", BatchType.PYSPARK, null,
                new BatchSpec("s3://b/job.py", null, Map.of(), List.of()), null, 1, "j-GONE", RunLimits.DEFAULT);

        assertThat(SubmittedInfo.of(batch, CLUSTERS)).containsEntry("batchapi.cluster", "j-GONE")
                .doesNotContainKey("batch.className").containsEntry("batch.args", "[]");
    }

    @Test
    void noKeyOfItsOwnNamesASecretSoNoneIsEverRedacted() {
        assertThat(SubmittedInfo.KEYS).hasSize(7).noneMatch(Redaction::isSecret);
        assertThat(Redaction.isSecret(SubmittedInfo.CONF_PREFIX)).isFalse();
    }
}
