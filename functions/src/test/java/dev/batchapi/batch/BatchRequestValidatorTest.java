package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.errors.BadRequestException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchRequestValidatorTest {

    private final BatchRequestValidator validator = new BatchRequestValidator();

    @Test
    void acceptsAFullSparkRequestAndConsumesTheReservedConf() {
        Submission submission = validator.validate(new BatchRequest("spark", "s3://b/app.jar", "org.example.Main",
                "nightly", Map.of(
                        "spark.executor.memory", "2g",
                        "kyuubi.batch.id", "4F1C0B8E-27A4-4B52-9D44-0A7E2E0B9F3D",
                        "kyuubi.session.proxy.user", "bob"),
                List.of("--input", "s3://b/in")));

        assertThat(submission.type()).isEqualTo(BatchType.SPARK);
        assertThat(submission.name()).isEqualTo("nightly");
        assertThat(submission.spec()).isEqualTo(new BatchSpec("s3://b/app.jar", "org.example.Main",
                Map.of("spark.executor.memory", "2g"), List.of("--input", "s3://b/in")));
        assertThat(submission.batchId()).contains("4f1c0b8e-27a4-4b52-9d44-0a7e2e0b9f3d");
        assertThat(submission.proxyUser()).contains("bob");
    }

    @Test
    void pysparkIgnoresClassName() {
        Submission submission = validator.validate(request("PySpark", "s3://b/job.py", "ignored.Main"));

        assertThat(submission.type()).isEqualTo(BatchType.PYSPARK);
        assertThat(submission.spec().className()).isNull();
    }

    @Test
    void kyuubiProxyUserKeyWinsOverHives() {
        Submission submission = validator.validate(new BatchRequest("SPARK", "a.jar", "a.B", null,
                Map.of("hive.server2.proxy.user", "hive-user", "kyuubi.session.proxy.user", "kyuubi-user"), null));
        Submission hiveOnly = validator.validate(new BatchRequest("SPARK", "a.jar", "a.B", null,
                Map.of("hive.server2.proxy.user", "hive-user"), null));
        Submission blank = validator.validate(new BatchRequest("SPARK", "a.jar", "a.B", null,
                Map.of("kyuubi.session.proxy.user", " "), null));

        assertThat(submission.proxyUser()).contains("kyuubi-user");
        assertThat(hiveOnly.proxyUser()).contains("hive-user");
        assertThat(blank.proxyUser()).isEmpty();
    }

    @Test
    void anEmptyNameIsNoName() {
        assertThat(validator.validate(new BatchRequest("SPARK", "a.jar", "a.B", "", null, null)).name()).isNull();
    }

    @Test
    void batchTypeIsRequiredAndMustBeSupported() {
        assertRejected(request(null, "a.jar", "a.B"), "batchType is a required parameter");
        assertRejected(request(" ", "a.jar", "a.B"), "batchType is a required parameter");
        assertRejected(request("hive", "a.jar", "a.B"),
                "batchType hive is not in the supported list: [SPARK, PYSPARK, FLINK]");
    }

    @Test
    void resourceIsRequiredAndCannotPassForAnOption() {
        assertRejected(request("SPARK", null, "a.B"), "resource is a required parameter");
        assertRejected(request("SPARK", "", "a.B"), "resource is a required parameter");
        assertRejected(request("SPARK", "--jars", "a.B"), "resource must be a path or URI, not start with '-'");
        assertRejected(request("SPARK", "a.jar\n--conf", "a.B"), "resource contains a control character");
        assertRejected(request("SPARK", "s3://" + "x".repeat(2048), "a.B"), "resource is longer than 2048 characters");
    }

    @Test
    void classNameIsRequiredForTheJvmEnginesAndMustBeAJavaName() {
        assertRejected(request("SPARK", "a.jar", null), "className is a required parameter for SPARK");
        assertRejected(request("FLINK", "a.jar", ""), "className is a required parameter for FLINK");
        for (String bad : List.of("--class", "a b", "a..b", "a.B --conf x=y", "1abc", "a.")) {
            assertRejected(request("SPARK", "a.jar", bad), "className must be a fully qualified Java class name");
        }
        assertThat(validator.validate(request("FLINK", "a.jar", "org.example.Job$Main_2")).spec().className())
                .isEqualTo("org.example.Job$Main_2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--conf", "-Dx", "a=b", "a b", ".hidden", "spark.x\ny", ""})
    void confKeysMustBePlainPropertyNames(String key) {
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of(key, "v"), null),
                "is not a valid property name");
    }

    @Test
    void confKeysOfSparkAndKubernetesAreAccepted() {
        Map<String, String> conf = Map.of(
                "spark.hadoop.fs.s3a.bucket.my-bucket.endpoint", "x",
                "spark.kubernetes.driver.label.app.kubernetes.io/name", "y",
                "spark.executorEnv.JAVA_HOME", "/usr/lib/jvm");

        assertThat(validator.validate(new BatchRequest("SPARK", "a.jar", "a.B", null, conf, null)).spec().conf())
                .isEqualTo(conf);
    }

    @Test
    void confValuesMayHoldSpacesAndEqualsButNoControlCharacters() {
        assertThat(validator.validate(new BatchRequest("SPARK", "a.jar", "a.B", null,
                Map.of("spark.driver.extraJavaOptions", "-Da=b -XX:+UseG1GC\t-Dc=d"), null)).spec().conf())
                .containsEntry("spark.driver.extraJavaOptions", "-Da=b -XX:+UseG1GC\t-Dc=d");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("spark.x", "a\nb"), null),
                "conf value of spark.x contains a control character");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("spark.x", "v".repeat(16 * 1024 + 1)), null),
                "conf value of spark.x is longer than 16384 characters");
    }

    @Test
    void tooManyConfEntriesOrArgsAreRefused() {
        Map<String, String> conf = new HashMap<>();
        for (int i = 0; i <= BatchRequestValidator.MAX_CONF_ENTRIES; i++) {
            conf.put("spark.k" + i, "v");
        }
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, conf, null), "conf has more than 256 entries");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, null, Collections.nCopies(1001, "a")),
                "args has more than 1000 entries");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, null, List.of("ok", "a\0b")),
                "args[1] contains a NUL character");
    }

    @Test
    void namesAreOnePrintableLine() {
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", "a\nb", null, null), "name contains a control character");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", "n".repeat(1025), null, null),
                "name is longer than 1024 characters");
    }

    @Test
    void batchIdMustBeAUuidInKyuubisWords() {
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("kyuubi.batch.id", "abc"), null),
                "kyuubi.batch.id=abc must be an UUID");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("kyuubi.batch.id", "1-1-1-1-1"), null),
                "kyuubi.batch.id=1-1-1-1-1 must be an UUID");
    }

    @Test
    void proxyUserNamesAreOnePrintableLine() {
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("kyuubi.session.proxy.user", "a\tb"), null),
                "proxy user contains a control character");
    }

    private void assertRejected(BatchRequest request, String message) {
        assertThatThrownBy(() -> validator.validate(request))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining(message);
    }

    private static BatchRequest request(String type, String resource, String className) {
        return new BatchRequest(type, resource, className, null, null, null);
    }
}
