package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.Config;
import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.store.BatchTable;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a batch was submitted with, in GET's batchInfo, through the real functions: on a deployment
 * of the default cluster, {@code etl}, and {@code small}, which holds one active step.
 */
class SubmittedInfoIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String REDACTED = "*********(redacted)";

    private final String etl = aws.emr().createCluster(ClusterSpec.named("etl").withStepConcurrencyLevel(10));
    private final String small = aws.emr().createCluster(ClusterSpec.named("small").withStepConcurrencyLevel(10));
    private final TestApi api = new TestApi(aws.context(Map.of(
            Config.EXTRA_CLUSTER_LABELS, "etl,small", Config.EXTRA_CLUSTER_IDS, etl + "," + small,
            Config.MAX_ACTIVE_STEPS, "200,small=1")));

    @Test
    void getShowsTheResourceClassArgsConfAsAppliedAndEverySettingTheBatchRunsUnder() {
        String body = """
                {"batchType":"SPARK","resource":"s3://key:pw@b/app.jar?versionId=3",
                 "className":"org.example.Main","name":"n",
                 "args":["a \\"quoted\\", arg","back\\\\slash","\u2028","\u00e9\u2603\ud834\udd1e",7,"",true],
                 "conf":{"kyuubi.batch.id":"%s","executor.cores":"2","hadoop.fs.s3a.endpoint":"e",
                         "spark.executor.memory":"2g","batchapi.cluster":"etl","batchapi.maxAttempts":"3",
                         "batchapi.executionTimeoutSeconds":" 30 "}}""".formatted(UUID.randomUUID());

        ApiResponse created = api.create("alice", body);
        ApiResponse got = api.get("alice", created.string("id"));

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("batch.resource", "s3://b/app.jar?<redacted>");
        expected.put("batch.className", "org.example.Main");
        expected.put("batch.args", "[\"a \\\"quoted\\\", arg\",\"back\\\\slash\",\"\\u2028\",\"\u00e9\u2603\ud834\udd1e\",\"7\",\"\",\"true\"]");
        expected.put("batch.conf.spark.executor.cores", "2");
        expected.put("batch.conf.spark.executor.memory", "2g");
        expected.put("batch.conf.spark.hadoop.hadoop.fs.s3a.endpoint", "e");
        expected.put("batchapi.cluster", "etl");
        expected.put("batchapi.maxAttempts", "3");
        expected.put("batchapi.executionTimeoutSeconds", "30");
        expected.put("batchapi.queueTimeoutSeconds", "21600");
        assertThat(got.status()).isEqualTo(200);
        assertThat(batchInfo(got)).containsExactlyEntriesOf(expected);
        assertThat(batchInfo(created)).isEqualTo(batchInfo(got));
        assertThat(Json.parse(batchInfo(got).get("batch.args"), JsonLimits.REQUEST))
                .isEqualTo(List.of("a \"quoted\", arg", "back\\slash", "\u2028", "\u00e9\u2603\ud834\udd1e", "7", "", "true"));
    }

    @Test
    void aPysparkBatchHasNoClassNameAndNoArgsShowAsAnEmptyArray() {
        ApiResponse created = api.create("alice", """
                {"batchType":"PYSPARK","resource":"s3://b/job.py","className":"ignored.Main"}""");

        Map<String, String> info = batchInfo(api.get("alice", created.string("id")));

        assertThat(info).doesNotContainKey("batch.className")
                .containsEntry("batch.resource", "s3://b/job.py").containsEntry("batch.args", "[]")
                .containsEntry("batchapi.cluster", "default").containsEntry("batchapi.maxAttempts", "1")
                .containsEntry("batchapi.executionTimeoutSeconds", "0").containsEntry("batchapi.queueTimeoutSeconds", "21600");
    }

    @Test
    void confValuesWhoseKeyOrValueMatchesSparksRedactionPatternAreRedactedAndArgsAreShownAsGiven() {
        ApiResponse created = api.create("alice", """
                {"batchType":"SPARK","resource":"s3://b/app.jar","className":"a.B",
                 "args":["--password","hunter2"],
                 "conf":{"spark.hadoop.fs.s3a.secret.key":"v1","spark.ssl.keyStorePASSWORD":"v2",
                         "spark.some.Token":"v3","spark.hadoop.fs.s3a.access.key":"v4",
                         "spark.hadoop.fs.s3a.accesskey":"v5","spark.driver.extraJavaOptions":"-Dtrust.password=v6",
                         "spark.executor.memory":"2g"}}""");

        Map<String, String> info = batchInfo(api.get("alice", created.string("id")));

        assertThat(info).containsEntry("batch.conf.spark.hadoop.fs.s3a.secret.key", REDACTED)
                .containsEntry("batch.conf.spark.ssl.keyStorePASSWORD", REDACTED)
                .containsEntry("batch.conf.spark.some.Token", REDACTED)
                .containsEntry("batch.conf.spark.hadoop.fs.s3a.access.key", REDACTED)
                .containsEntry("batch.conf.spark.driver.extraJavaOptions", REDACTED)
                .containsEntry("batch.conf.spark.hadoop.fs.s3a.accesskey", "v5")
                .containsEntry("batch.conf.spark.executor.memory", "2g")
                .containsEntry("batch.args", "[\"--password\",\"hunter2\"]");
        assertThat(created.body()).doesNotContain("v1", "v2", "v3", "v4", "v6");
    }

    @Test
    void aQueuedBatchShowsItsQueueFactsBesideWhatItWasSubmittedWith() {
        String settings = "\"conf\":{\"batchapi.cluster\":\"small\",\"batchapi.queueTimeoutSeconds\":\"60\"}}";
        api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"s3://b/a.jar\",\"className\":\"a.B\"," + settings);

        ApiResponse queued = api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"s3://b/q.jar\","
                + "\"className\":\"a.Q\"," + settings);
        Map<String, String> info = batchInfo(api.get("alice", queued.string("id")));

        assertThat(info).containsEntry("queue.state", "QUEUED").containsEntry("queue.cluster", "small")
                .containsEntry("queue.clusterActiveSteps", "1 of 1").containsKey("queue.deadline")
                .containsEntry("batch.resource", "s3://b/q.jar").containsEntry("batch.className", "a.Q")
                .containsEntry("batchapi.cluster", "small").containsEntry("batchapi.queueTimeoutSeconds", "60");
        assertThat(batchInfo(queued)).isEqualTo(info);
    }

    @Test
    void aListShowsNoneOfWhatItsBatchesWereSubmittedWith() {
        String id = api.create("alice", """
                {"batchType":"SPARK","resource":"s3://b/app.jar","className":"a.B","name":"listed-%s",
                 "conf":{"spark.executor.memory":"2g"},"args":["1"]}""".formatted(UUID.randomUUID())).string("id");

        List<Map<String, Object>> listed = api.list("alice", "batchUser", "alice").list("batches");

        assertThat(listed).filteredOn(batch -> batch.get("id").equals(id)).singleElement()
                .satisfies(batch -> assertThat(batch.get("batchInfo")).isEqualTo(Map.of()));
        assertThat(listed).allSatisfy(batch -> assertThat(batch.get("batchInfo")).isEqualTo(Map.of()));
    }

    @Test
    void aResubmitAnswersTheDuplicatedMarkBesideWhatTheBatchWasSubmittedWith() {
        String body = """
                {"batchType":"SPARK","resource":"s3://b/app.jar","className":"a.B","conf":{"kyuubi.batch.id":"%s"}}"""
                .formatted(UUID.randomUUID());
        ApiResponse first = api.create("alice", body);

        ApiResponse second = api.create("alice", body);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("kyuubi.batch.duplicated", "true");
        expected.putAll(batchInfo(first));
        assertThat(second.status()).isEqualTo(200);
        assertThat(batchInfo(second)).containsExactlyEntriesOf(expected);
        assertThat(batchInfo(first)).doesNotContainKey("kyuubi.batch.duplicated").containsEntry("batch.className", "a.B");
    }

    @Test
    void aBatchStoredByAReleaseBeforeTheSchedulerShowsTheLimitsItRunsUnder() {
        String id = api.create("alice", """
                {"batchType":"SPARK","resource":"s3://b/old.jar","className":"a.Old","args":["x"],
                 "conf":{"spark.executor.memory":"1g"}}""").string("id");
        // That release wrote neither attempts nor limits: such a batch has one attempt and no timeouts.
        aws.dynamoDb().updateItem(request -> request.tableName(LocalAws.TABLE)
                .key(Map.of(BatchTable.PK, AttributeValue.fromS(id), BatchTable.SK, AttributeValue.fromS(BatchTable.BATCH_SK)))
                .updateExpression("REMOVE attempt, maxAttempts, executionTimeoutSeconds, queueTimeoutSeconds"));

        ApiResponse got = api.get("alice", id);

        assertThat(got.status()).isEqualTo(200);
        assertThat(batchInfo(got)).containsEntry("batch.resource", "s3://b/old.jar")
                .containsEntry("batch.className", "a.Old").containsEntry("batch.args", "[\"x\"]")
                .containsEntry("batch.conf.spark.executor.memory", "1g").containsEntry("batchapi.cluster", "default")
                .containsEntry("batchapi.maxAttempts", "1").containsEntry("batchapi.executionTimeoutSeconds", "0")
                .containsEntry("batchapi.queueTimeoutSeconds", "0");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> batchInfo(ApiResponse batch) {
        return (Map<String, String>) batch.json().get("batchInfo");
    }
}
