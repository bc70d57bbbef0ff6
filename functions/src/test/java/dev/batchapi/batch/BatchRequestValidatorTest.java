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
    @ValueSource(strings = {"--conf", "-Dx", "a=b", "a b", ".hidden", "spark.x\u200by", ""})
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
                Map.of("spark.driver.extraJavaOptions", "-Da=b -XX:+UseG1GC -Dc=d"), null)).spec().conf())
                .containsEntry("spark.driver.extraJavaOptions", "-Da=b -XX:+UseG1GC -Dc=d");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("spark.x", "a\nb"), null),
                "conf value of spark.x contains a control character (U+000A)");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("spark.x", "-Da=b\t-Dc=d"), null),
                "conf value of spark.x contains a control character (U+0009)");
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
                "args[1] contains a control character (U+0000)");
    }

    @Test
    void namesAreOnePrintableLine() {
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", "a\nb", null, null), "name contains a control character");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", "n".repeat(1025), null, null),
                "name is longer than 1024 characters");
    }

    @Test
    void aNameIsAtMost2048BytesOfUtf8SoThatItFitsAnIndexKey() {
        String twoBytes = "\u00e9";
        String threeBytes = "\u4E2D";

        assertThat(new BatchRequestValidator().validate(new BatchRequest("SPARK", "a.jar", "a.B", twoBytes.repeat(1024),
                null, null)).name()).hasSize(1024);
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", threeBytes.repeat(683), null, null),
                "name is longer than 2048 bytes in UTF-8");
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
                "conf value of kyuubi.session.proxy.user contains a control character (U+0009)");
    }

    /** C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F): the ends of both ranges and the ones seen reaching spark-submit. */
    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F})
    void everyStringRefusesControlCharactersNamingTheField(int control) {
        String c = Character.toString(control);
        String code = String.format("(U+%04X)", control);
        assertRejected(request("SPARK" + c, "a.jar", "a.B"), "batchType contains a control character " + code);
        assertRejected(request(c + "SPARK", "a.jar", "a.B"), "batchType contains a control character " + code);
        assertRejected(request("SPARK", "a" + c + ".jar", "a.B"), "resource contains a control character " + code);
        assertRejected(request("SPARK", "a.jar", "org.example" + c + ".Main"), "className contains a control character " + code);
        assertRejected(request("FLINK", "a.jar", "Main" + c), "className contains a control character " + code);
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", "pi" + c, null, null),
                "name contains a control character " + code);
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("spark.x" + c, "v"), null),
                "conf key contains a control character " + code);
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("spark.x", "v" + c), null),
                "conf value of spark.x contains a control character " + code);
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, null, List.of("1", c)),
                "args[1] contains a control character " + code);
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("hive.server2.proxy.user", "bob" + c), null),
                "conf value of hive.server2.proxy.user contains a control character " + code);
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, null, null, Map.of("spark.jars" + c, "x.jar")),
                "extraResourcesMap key contains a control character " + code);
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, null, null, Map.of("spark.jars", "x.jar" + c)),
                "extraResourcesMap value of spark.jars contains a control character " + code);
    }

    @Test
    void classNamesRefuseCharactersJavaIgnores() {
        assertRejected(request("SPARK", "a.jar", "org.exa\u200bmple.Main"), "className must be a fully qualified Java class name");
        assertRejected(request("SPARK", "a.jar", "org.example.Main\ufeff"), "className must be a fully qualified Java class name");
        assertThat(validator.validate(request("SPARK", "a.jar", "org.été.Main")).spec().className()).isEqualTo("org.été.Main");
    }

    @Test
    void sparkConfKeysAreNamedAsKyuubiPassesThemOn() {
        Submission spark = validator.validate(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of(
                "spark.executor.memory", "2g",
                "kyuubi.client.version", "1.10.2",
                "hadoop.tmp.dir", "/tmp/h",
                "executor.cores", "4",
                "kyuubi.batch.id", "4f1c0b8e-27a4-4b52-9d44-0a7e2e0b9f3d"), null));
        Submission pyspark = validator.validate(new BatchRequest("PYSPARK", "a.py", null, null,
                Map.of("hadoop.fs.s3a.endpoint", "e", "myapp.flag", "on"), null));

        assertThat(spark.spec().conf()).containsOnly(
                Map.entry("spark.executor.memory", "2g"),
                Map.entry("spark.kyuubi.client.version", "1.10.2"),
                Map.entry("spark.hadoop.hadoop.tmp.dir", "/tmp/h"),
                Map.entry("spark.executor.cores", "4"));
        assertThat(pyspark.spec().conf()).containsOnly(
                Map.entry("spark.hadoop.hadoop.fs.s3a.endpoint", "e"), Map.entry("spark.myapp.flag", "on"));
    }

    @Test
    void flinkConfKeysPassAsGiven() {
        Map<String, String> conf = Map.of("parallelism.default", "4", "taskmanager.memory.process.size", "2g");

        assertThat(validator.validate(new BatchRequest("FLINK", "a.jar", "a.B", null, conf, null)).spec().conf())
                .isEqualTo(conf);
    }

    @Test
    void twoKeysThatNameOneSparkPropertyAreRefused() {
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null,
                Map.of("executor.memory", "1g", "spark.executor.memory", "2g"), null),
                "conf keys executor.memory and spark.executor.memory both set spark.executor.memory for SPARK: give one of them");
    }

    @Test
    void extraResourcesAreFileNamesByConfKeyAsTheEngineNamesIt() {
        Submission submission = validator.validate(new BatchRequest("SPARK", "a.jar", "a.B", null, null, null,
                Map.of("spark.jars", "lib-1.jar, lib-2.jar,,", "files", "data.csv", "spark.archives", " ")));

        assertThat(submission.extraResources()).containsOnly(
                Map.entry("spark.jars", List.of("lib-1.jar", "lib-2.jar")), Map.entry("spark.files", List.of("data.csv")));
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, null, null, Map.of("spark.jars", "../x.jar")),
                "extraResourcesMap file of spark.jars '../x.jar' must be letters, digits and . _ -");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, null, null, Map.of("--jars", "x.jar")),
                "extraResourcesMap key '--jars' is not a valid property name");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, null, null, Map.of("kyuubi.batch.id", "x.jar")),
                "extraResourcesMap key kyuubi.batch.id is reserved");
    }

    @Test
    void theApisOwnSettingsAreConsumedBeforeKyuubisRenamingAndNeverReachTheEngine() {
        for (String type : new String[] {"SPARK", "PYSPARK", "FLINK"}) {
            Submission submission = validator.validate(new BatchRequest(type, "a.jar", "a.B", null,
                    Map.of("batchapi.cluster", "etl", "spark.executor.memory", "2g"), null));

            assertThat(submission.setting(ApiSetting.CLUSTER)).contains("etl");
            assertThat(submission.spec().conf()).containsOnlyKeys("spark.executor.memory");
        }
        assertThat(validator.validate(request("SPARK", "a.jar", "a.B")).setting(ApiSetting.CLUSTER)).isEmpty();
    }

    @Test
    void aNumericSettingOutsideItsRuleIsRefusedNamingTheKeyAndTheRule() {
        Map<String, String> rules = Map.of(
                "batchapi.maxAttempts", "from 1 to 10",
                "batchapi.executionTimeoutSeconds", "from 0 to 31536000 (0: no limit)",
                "batchapi.queueTimeoutSeconds", "from 0 to 31536000 (0: no limit)");
        rules.forEach((key, rule) -> {
            for (String bad : List.of("", "-1", "1.5", "ten", "31536001", "99999999999999", "0x10")) {
                assertRejectedWith(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of(key, bad), null),
                        "conf " + key + "=" + bad + " is not valid: it must be a whole number " + rule);
            }
        });
        assertRejectedWith(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("batchapi.maxAttempts", "11"), null),
                "conf batchapi.maxAttempts=11 is not valid: it must be a whole number from 1 to 10");
        assertRejectedWith(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("batchapi.maxAttempts", "0"), null),
                "conf batchapi.maxAttempts=0 is not valid: it must be a whole number from 1 to 10");
    }

    @Test
    void theSchedulingSettingsAreConsumedAndReadAsTheBatchsLimits() {
        Submission submission = validator.validate(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of(
                "batchapi.maxAttempts", "3", "batchapi.executionTimeoutSeconds", " 60 ",
                "batchapi.queueTimeoutSeconds", "0", "spark.executor.memory", "2g"), null));

        assertThat(submission.spec().conf()).containsOnlyKeys("spark.executor.memory");
        assertThat(RunLimits.of(submission.settings())).isEqualTo(new RunLimits(3, 60, 0));
        assertThat(RunLimits.of(validator.validate(request("SPARK", "a.jar", "a.B")).settings()))
                .isEqualTo(new RunLimits(1, 0, 21_600));
    }

    @Test
    void aBatchapiKeyThatIsNoSettingIsRefusedNamingItAndTheKnownOnes() {
        assertRejectedWith(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("batchapi.clusters", "etl"), null),
                "conf batchapi.clusters is not a setting of this API: the batchapi.* settings are batchapi.cluster, batchapi.maxAttempts,"
                + " batchapi.executionTimeoutSeconds, batchapi.queueTimeoutSeconds");
        assertRejectedWith(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("batchapi.", "etl"), null),
                "conf batchapi. is not a setting of this API: the batchapi.* settings are batchapi.cluster, batchapi.maxAttempts,"
                + " batchapi.executionTimeoutSeconds, batchapi.queueTimeoutSeconds");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, Map.of("batchapi.cluster", "etl\n"), null),
                "conf value of batchapi.cluster contains a control character");
        assertRejected(new BatchRequest("SPARK", "a.jar", "a.B", null, null, null, Map.of("batchapi.cluster", "x.jar")),
                "extraResourcesMap key batchapi.cluster is reserved");
    }

    private void assertRejectedWith(BatchRequest request, String message) {
        assertThatThrownBy(() -> validator.validate(request))
                .isInstanceOf(BadRequestException.class)
                .hasMessage(message);
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
