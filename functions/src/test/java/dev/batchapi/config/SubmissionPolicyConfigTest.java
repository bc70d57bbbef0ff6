package dev.batchapi.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.batch.BatchSpec;
import dev.batchapi.batch.BatchType;
import dev.batchapi.batch.Submission;
import dev.batchapi.batch.SubmissionPolicy;
import dev.batchapi.errors.BadRequestException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The five settings of the submission policy, as Config reads them (blank: the default). */
class SubmissionPolicyConfigTest {

    @Test
    void unsetOrBlankSettingsAreTheDefaults() {
        for (String blank : new String[] {null, "", " , "}) {
            SubmissionPolicy policy = policy(blank == null ? Map.of() : Map.of("ALLOWED_BATCH_TYPES", blank,
                    "ALLOWED_CONF_KEYS", blank, "DENIED_CONF_KEYS", blank, "ALLOWED_RESOURCE_SCHEMES", blank,
                    "RELAXED_POLICY_RULES", blank));

            assertAllowed(policy, BatchType.PYSPARK, "s3://b/job.py", Map.of("spark.any.key", "v"));
            assertRefused(policy, BatchType.SPARK, "/home/hadoop/a.jar", Map.of(), "resource is not allowed: rule local-files");
            assertRefused(policy, BatchType.FLINK, "s3://b/a.jar", Map.of(), "batchType FLINK is not allowed: rule flink-detach");
            assertRefused(policy, BatchType.SPARK, "s3://b/a.jar", Map.of("spark.yarn.principal", "p"),
                    "conf spark.yarn.principal is not allowed: rule kerberos");
        }
    }

    @Test
    void readsEverySetting() {
        SubmissionPolicy policy = policy(Map.of(
                "ALLOWED_BATCH_TYPES", " spark, FLINK ",
                "ALLOWED_CONF_KEYS", "spark.executor.*, spark.jars.packages, parallelism.default",
                "DENIED_CONF_KEYS", "spark.executor.extra*",
                "ALLOWED_RESOURCE_SCHEMES", "S3://, hdfs:, file",
                "RELAXED_POLICY_RULES", "Internet, detach, Flink-Detach"));

        assertAllowed(policy, BatchType.SPARK, "hdfs:///jobs/a.jar", Map.of("spark.executor.memory", "2g",
                "spark.jars.packages", "org.example:lib:1.0"));
        assertAllowed(policy, BatchType.SPARK, "/home/hadoop/a.jar", Map.of());
        assertAllowed(policy, BatchType.FLINK, "s3://b/a.jar", Map.of("parallelism.default", "2"));
        assertRefused(policy, BatchType.PYSPARK, "s3://b/a.py", Map.of(),
                "batchType PYSPARK is not allowed on this deployment: it allows SPARK, FLINK (ALLOWED_BATCH_TYPES)");
        assertRefused(policy, BatchType.SPARK, "s3://b/a.jar", Map.of("spark.executor.extraClassPath", "/x"),
                "conf spark.executor.extraClassPath is not allowed on this deployment: it matches the pattern"
                        + " spark.executor.extra* of DENIED_CONF_KEYS");
        assertRefused(policy, BatchType.SPARK, "gs://b/a.jar", Map.of(), "resource scheme gs is not allowed: this"
                + " deployment runs resources of the schemes file, hdfs, s3 (ALLOWED_RESOURCE_SCHEMES)");
    }

    @Test
    void anUnknownTypeRuleOrSchemeStopsTheFunctionFromStarting() {
        assertThatThrownBy(() -> policy(Map.of("ALLOWED_BATCH_TYPES", "SPARK,HIVE")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ALLOWED_BATCH_TYPES holds HIVE, not one of [SPARK, PYSPARK, FLINK]");
        assertThatThrownBy(() -> policy(Map.of("RELAXED_POLICY_RULES", "internet,everything")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("RELAXED_POLICY_RULES holds everything, not one of [local-files, internet, detach, flink-detach, kerberos, deploy-target]");
        assertThatThrownBy(() -> policy(Map.of("ALLOWED_RESOURCE_SCHEMES", "s3,s3 bucket")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ALLOWED_RESOURCE_SCHEMES holds s3 bucket, not a URI scheme");
    }

    private static SubmissionPolicy policy(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(ConfigTest.MINIMAL);
        env.putAll(settings);
        return Config.fromEnvironment(env).submissionPolicy();
    }

    private static Submission submission(BatchType type, String resource, Map<String, String> conf) {
        return new Submission(type, null, new BatchSpec(resource, type.needsClassName() ? "a.B" : null, conf, List.of()),
                Optional.empty(), Optional.empty(), Map.of(), Map.of());
    }

    private static void assertAllowed(SubmissionPolicy policy, BatchType type, String resource, Map<String, String> conf) {
        assertThatCode(() -> policy.check(submission(type, resource, conf), false)).doesNotThrowAnyException();
    }

    private static void assertRefused(SubmissionPolicy policy, BatchType type, String resource, Map<String, String> conf,
            String message) {
        assertThatThrownBy(() -> policy.check(submission(type, resource, conf), false))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith(message);
    }
}
