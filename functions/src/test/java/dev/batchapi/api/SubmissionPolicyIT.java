package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.Config;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin's submission policy through the real create function: a refused batch is a 400 that names
 * the field and the rule, and neither the table nor EMR is touched; a relaxed rule lets it through.
 */
class SubmissionPolicyIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String RUNTIME_ROLE = "arn:aws:iam::123456789012:role/emr-runtime/analysts";

    private final TestApi deployed = api(Map.of());

    @Test
    void theDefaultsRunSparkFromS3() {
        ApiResponse created = deployed.create("alice", spark("s3://jobs/app.jar", "{\"spark.executor.memory\":\"2g\","
                + "\"spark.jars\":\"s3://jobs/lib.jar\",\"spark.yarn.submit.waitAppCompletion\":\"true\"}"));

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(stepArgs(created.string("id"))).containsSubsequence("--conf", "spark.jars=s3://jobs/lib.jar",
                "s3://jobs/app.jar");
    }

    @Test
    void aResourceOnThePrimaryNodeOrTheInternetIsRefusedNamingItsRule() {
        for (String resource : List.of("a.jar", "/home/hadoop/a.jar", "file:/etc/a.jar", "local:/usr/lib/a.jar")) {
            assertRefused(deployed, spark(resource, "{}"), "resource is not allowed: rule local-files (reads files of the"
                    + " primary node or ships them with the job); this deployment runs resources of the schemes s3"
                    + " (ALLOWED_RESOURCE_SCHEMES) and files uploaded with the create; an admin can relax it with"
                    + " RELAXED_POLICY_RULES=local-files");
        }
        assertRefused(deployed, spark("https://example.com/a.jar", "{}"), "resource is not allowed: rule internet"
                + " (fetches from the internet); this deployment runs resources of the schemes s3");
    }

    @Test
    void aResourceRunsOnceTheAdminAllowsItsSchemeOrRelaxesItsRuleWhileConfStaysUnderTheRule() {
        TestApi fileAllowed = api(Map.of(Config.ALLOWED_RESOURCE_SCHEMES, "s3,file"));
        TestApi localFilesRelaxed = api(Map.of(Config.RELAXED_POLICY_RULES, "local-files"));

        for (TestApi api : List.of(fileAllowed, localFilesRelaxed)) {
            ApiResponse created = api.create("alice", spark("/home/hadoop/a.jar", "{}"));
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            assertThat(stepArgs(created.string("id"))).contains("/home/hadoop/a.jar");
        }
        assertRefused(fileAllowed, spark("/home/hadoop/a.jar", "{\"spark.jars\":\"file:/etc/passwd\"}"),
                "conf spark.jars is not allowed: rule local-files");
    }

    @Test
    void eachBuiltInRuleRefusesTheConfThatBreaksItNamingTheKeyAsTheEngineReadsIt() {
        assertRefused(deployed, spark("s3://jobs/a.jar", "{\"spark.jars\":\"s3://jobs/lib.jar,/home/hadoop/.aws/credentials\"}"),
                "conf spark.jars is not allowed: rule local-files (reads files of the primary node or ships them with the"
                        + " job); an admin can relax it with RELAXED_POLICY_RULES=local-files");
        // Kyuubi's name: "jars.packages" reaches spark-submit as spark.jars.packages.
        assertRefused(deployed, spark("s3://jobs/a.jar", "{\"jars.packages\":\"org.example:lib:1.0\"}"),
                "conf spark.jars.packages is not allowed: rule internet (fetches from the internet); an admin can relax it"
                        + " with RELAXED_POLICY_RULES=internet");
        assertRefused(deployed, spark("s3://jobs/a.jar", "{\"spark.files\":\"https://example.com/data.csv\"}"),
                "conf spark.files is not allowed: rule internet");
        assertRefused(deployed, spark("s3://jobs/a.jar", "{\"spark.yarn.submit.waitAppCompletion\":\" FALSE\"}"),
                "conf spark.yarn.submit.waitAppCompletion is not allowed: rule detach (detaches the application from its"
                        + " EMR step, which then can neither stop nor count it); an admin can relax it with"
                        + " RELAXED_POLICY_RULES=detach");
        // Kyuubi's name: "master" reaches spark-submit as spark.master.
        assertRefused(deployed, spark("s3://jobs/a.jar", "{\"master\":\"local[*]\"}"),
                "conf spark.master is not allowed: rule deploy-target (runs the user's code elsewhere than in YARN"
                        + " containers, the primary node included); an admin can relax it with"
                        + " RELAXED_POLICY_RULES=deploy-target");
        assertRefused(deployed, spark("s3://jobs/a.jar", "{\"spark.yarn.keytab\":\"/etc/hadoop.keytab\"}"),
                "conf spark.yarn.keytab is not allowed: rule kerberos (logs in with a Kerberos keytab, principal or ticket"
                        + " cache of the cluster's); an admin can relax it with RELAXED_POLICY_RULES=kerberos");
    }

    @Test
    void flinkIsRefusedByFlinkDetachUntilAnAdminRelaxesItAndThenRunsInApplicationMode() {
        String flink = "{\"batchType\":\"FLINK\",\"resource\":\"s3://jobs/wc.jar\",\"className\":\"org.example.WordCount\","
                + "\"name\":\"wc\",\"conf\":{\"parallelism.default\":\"2\"}}";
        assertRefused(deployed, flink, "batchType FLINK is not allowed: rule flink-detach (on EMR a FLINK step ends once YARN"
                + " runs the application, which then runs on detached from its step: it can neither be stopped nor"
                + " counted); an admin can relax it with RELAXED_POLICY_RULES=flink-detach");
        TestApi flinkAdmitted = api(Map.of(Config.RELAXED_POLICY_RULES, "flink-detach"));
        assertRefused(flinkAdmitted, flink.replace("parallelism.default\":\"2", "execution.attached\":\"false"),
                "conf execution.attached is not allowed: rule detach");

        ApiResponse created = flinkAdmitted.create("alice", flink);

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(stepArgs(created.string("id"))).containsExactly("flink", "run-application", "-t", "yarn-application",
                "-c", "org.example.WordCount", "-Dyarn.application.name=wc", "-Dparallelism.default=2", "s3://jobs/wc.jar");
        assertThat(deployed.localLog("alice", created.string("id"), 0, 10).list("logRowSet").toString())
                .contains("FLINK runs in YARN application mode: on EMR its step ends once YARN runs the application, so"
                        + " FINISHED then says it was deployed, not that it ended, and a kill stops it only until then");
    }

    @Test
    void aRelaxedRuleLetsItsConfThroughToTheStepAndOnlyThatRule() {
        TestApi internetAllowed = api(Map.of(Config.RELAXED_POLICY_RULES, "internet"));

        ApiResponse created = internetAllowed.create("alice", spark("s3://jobs/a.jar",
                "{\"spark.jars.packages\":\"org.example:lib:1.0\"}"));

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(stepArgs(created.string("id"))).containsSubsequence("--conf", "spark.jars.packages=org.example:lib:1.0");
        assertRefused(internetAllowed, spark("s3://jobs/a.jar", "{\"spark.kerberos.principal\":\"hadoop\"}"),
                "conf spark.kerberos.principal is not allowed: rule kerberos");
    }

    @Test
    void theAdminsTypesKeysAndSchemesAreEnforcedNamingWhatIsAllowed() {
        TestApi narrow = api(Map.of(Config.ALLOWED_BATCH_TYPES, "SPARK", Config.ALLOWED_CONF_KEYS, "spark.executor.*,spark.app.*",
                Config.DENIED_CONF_KEYS, "spark.executor.extra*", Config.ALLOWED_RESOURCE_SCHEMES, "s3,hdfs"));

        assertRefused(narrow, "{\"batchType\":\"PYSPARK\",\"resource\":\"s3://jobs/job.py\"}",
                "batchType PYSPARK is not allowed on this deployment: it allows SPARK (ALLOWED_BATCH_TYPES)");
        assertRefused(narrow, spark("s3://jobs/a.jar", "{\"spark.driver.memory\":\"2g\"}"), "conf spark.driver.memory is not"
                + " allowed on this deployment: it matches no pattern of ALLOWED_CONF_KEYS (spark.executor.*, spark.app.*)");
        assertRefused(narrow, spark("s3://jobs/a.jar", "{\"executor.extraJavaOptions\":\"-Dx=y\"}"), "conf"
                + " spark.executor.extraJavaOptions is not allowed on this deployment: it matches the pattern"
                + " spark.executor.extra* of DENIED_CONF_KEYS");
        assertRefused(narrow, spark("gs://jobs/a.jar", "{}"), "resource scheme gs is not allowed: this deployment"
                + " runs resources of the schemes hdfs, s3 (ALLOWED_RESOURCE_SCHEMES)");
        // The API's own conf keys are not the engine's: the patterns leave them alone.
        ApiResponse created = narrow.create("alice", spark("hdfs:///jobs/a.jar", "{\"spark.executor.memory\":\"2g\","
                + "\"kyuubi.batch.id\":\"0d6a9a66-2f71-4a43-9f55-5a4b4a0c1f2e\"}"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.string("id")).isEqualTo("0d6a9a66-2f71-4a43-9f55-5a4b4a0c1f2e");
    }

    @Test
    void aLongResourceSchemeIsNotEchoedWhole() {
        ApiResponse refused = deployed.create("alice", spark("x".repeat(1500) + "://h/a.jar", "{}"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).startsWith("resource scheme " + "x".repeat(64) + "… is not allowed").hasSizeLessThan(300);
    }

    @Test
    void withRuntimeRolesFlinkIsRefusedWhileSparkAndPysparkRunUnderTheirRole() {
        TestApi withRoles = api(Map.of(Config.RUNTIME_ROLE_USERS, "*", Config.RUNTIME_ROLE_ARNS, RUNTIME_ROLE,
                Config.RELAXED_POLICY_RULES, "flink-detach"));

        assertRefused(withRoles, "{\"batchType\":\"FLINK\",\"resource\":\"s3://jobs/wc.jar\",\"className\":\"a.B\"}",
                "batchType FLINK is not available on this deployment: its steps run under EMR runtime roles, which EMR"
                        + " documents for Spark and Hive jobs only, so no role would confine a Flink application to its"
                        + " user's data");
        for (String body : List.of(spark("s3://jobs/a.jar", "{}"), "{\"batchType\":\"PYSPARK\",\"resource\":\"s3://jobs/job.py\"}")) {
            ApiResponse created = withRoles.create("alice", body);
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            assertThat(aws.emr().steps(aws.clusterId()).stream().filter(step -> step.name().startsWith(created.string("id")))
                    .findFirst().orElseThrow().executionRoleArn()).contains(RUNTIME_ROLE);
        }
    }

    /** The create function as deployed (the policy's defaults), with these settings. */
    private static TestApi api(Map<String, String> settings) {
        Map<String, String> overrides = new HashMap<>(LocalAws.DEFAULT_POLICY);
        overrides.putAll(settings);
        return new TestApi(aws.context(overrides));
    }

    private static String spark(String resource, String conf) {
        return "{\"batchType\":\"SPARK\",\"resource\":\"" + resource + "\",\"className\":\"a.B\",\"conf\":" + conf + "}";
    }

    private static List<String> stepArgs(String batchId) {
        return aws.emr().steps(aws.clusterId()).stream().filter(step -> step.name().startsWith(batchId))
                .findFirst().orElseThrow().config().hadoopJarStep().args();
    }

    private static void assertRefused(TestApi api, String body, String message) {
        var items = aws.tableItems();
        int steps = aws.emr().steps(aws.clusterId()).size();
        ApiResponse response = api.create("alice", body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.message()).startsWith(message);
        assertThat(aws.tableItems()).isEqualTo(items);
        assertThat(aws.emr().steps(aws.clusterId())).hasSize(steps);
    }
}
