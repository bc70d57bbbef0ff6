package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.errors.BadRequestException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubmissionPolicyTest {

    private static final SubmissionPolicy DEFAULTS = policyRelaxing(Set.of());
    private static final String JAR = "s3://bucket/app.jar";
    private static final String ONLY_S3 = "this deployment runs resources of the schemes s3 (ALLOWED_RESOURCE_SCHEMES)"
            + " and files uploaded with the create";
    private static final String LOCAL_RESOURCE_REFUSED = "resource is not allowed: rule local-files (reads files of the"
            + " primary node or ships them with the job); " + ONLY_S3 + "; an admin can relax it with"
            + " RELAXED_POLICY_RULES=local-files";
    private static final String INTERNET_RESOURCE_REFUSED = "resource is not allowed: rule internet (fetches from the"
            + " internet); " + ONLY_S3 + "; an admin can relax it with RELAXED_POLICY_RULES=internet";
    private static final String FLINK_REFUSED = "batchType FLINK is not allowed: rule flink-detach (on EMR a FLINK step"
            + " ends once YARN runs the application, which then runs on detached from its step: it can neither be"
            + " stopped nor counted); an admin can relax it with RELAXED_POLICY_RULES=flink-detach";

    @Test
    void theDefaultsAcceptSparkAndPysparkFromS3WithOrdinaryConf() {
        assertAllowed(DEFAULTS, spark(JAR, Map.of("spark.executor.memory", "2g", "spark.jars", "s3://b/lib.jar,s3://b/x.jar",
                "spark.yarn.submit.waitAppCompletion", "true")));
        assertAllowed(DEFAULTS, submission(BatchType.PYSPARK, "s3://bucket/job.py",
                Map.of("spark.submit.pyFiles", "s3://b/lib.zip"), Map.of()));
    }

    @Test
    void aTypeOutsideTheAllowedOnesIsRefusedNamingTheAllowedOnes() {
        SubmissionPolicy sparkOnly = policy(Set.of(BatchType.SPARK, BatchType.PYSPARK), List.of("*"), List.of(), Set.of("s3"));

        assertRefused(sparkOnly, submission(BatchType.FLINK, JAR, Map.of(), Map.of()),
                "batchType FLINK is not allowed on this deployment: it allows SPARK, PYSPARK (ALLOWED_BATCH_TYPES)");
    }

    @Test
    void flinkIsRefusedByItsOwnRuleBecauseItsEmrStepEndsOnceYarnRunsTheApplication() {
        assertRefused(DEFAULTS, submission(BatchType.FLINK, JAR, Map.of(), Map.of()), FLINK_REFUSED);
        assertAllowed(relaxed(PolicyRule.FLINK_DETACH),
                submission(BatchType.FLINK, JAR, Map.of("parallelism.default", "2"), Map.of()));
        assertRefused(relaxed(PolicyRule.DETACH), submission(BatchType.FLINK, JAR, Map.of(), Map.of()), FLINK_REFUSED);
    }

    @ParameterizedTest
    @CsvSource({
            "a.jar, file", "/home/hadoop/a.jar, file", "file:/etc/a.jar, file", "FILE:///etc/a.jar, file",
            "local:/usr/lib/a.jar, local", "hdfs:///jobs/a.jar, hdfs", "https://example.com/a.jar, https",
            "S3A://bucket/a.jar, s3a"})
    void aResourceOfAnotherSchemeIsRefusedNamingTheAllowedSchemesOrTheRuleAndRunsOnceItsSchemeIsAllowed(String resource, String scheme) {
        String refusal = switch (scheme) {
            case "file", "local" -> LOCAL_RESOURCE_REFUSED;
            case "https" -> INTERNET_RESOURCE_REFUSED;
            default -> "resource scheme " + scheme + " is not allowed: " + ONLY_S3;
        };
        assertRefused(DEFAULTS, spark(resource, Map.of()), refusal);
        assertAllowed(policy(SubmissionPolicy.ALL_TYPES, List.of("*"), List.of(), Set.of("s3", scheme)), spark(resource, Map.of()));
    }

    @Test
    void anUploadedResourceIsAllowedWhateverItsName() {
        assertThatCode(() -> DEFAULTS.check(spark("app.jar", Map.of()), true)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.jar", "/etc/passwd", "file:/home/hadoop/a.jar", "local:/usr/lib/a.jar"})
    void aResourceOnThePrimaryNodeIsRefusedByLocalFilesUnlessTheAdminRelaxesItOrAllowsItsScheme(String resource) {
        assertRefused(DEFAULTS, spark(resource, Map.of()), LOCAL_RESOURCE_REFUSED);
        assertAllowed(relaxed(PolicyRule.LOCAL_FILES), spark(resource, Map.of()));
        assertAllowed(policy(SubmissionPolicy.ALL_TYPES, List.of("*"), List.of(), Set.of("s3", "file", "local")),
                spark(resource, Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/a.jar", "https://example.com/a.jar", "ftp://example.com/a.jar"})
    void aResourceFromTheInternetIsRefusedByInternetUnlessTheAdminRelaxesItOrAllowsItsScheme(String resource) {
        assertRefused(DEFAULTS, spark(resource, Map.of()), INTERNET_RESOURCE_REFUSED);
        assertAllowed(relaxed(PolicyRule.INTERNET), spark(resource, Map.of()));
        assertAllowed(policy(SubmissionPolicy.ALL_TYPES, List.of("*"), List.of(), Set.of("http", "https", "ftp")),
                spark(resource, Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark.files", "spark.jars", "spark.archives", "spark.submit.pyFiles", "spark.yarn.dist.files",
            "spark.yarn.dist.jars", "spark.yarn.dist.archives", "spark.yarn.dist.pyFiles", "spark.yarn.jars",
            "spark.yarn.archive", "pipeline.jars", "pipeline.classpaths", "yarn.ship-files", "yarn.ship-directories", "yarn.ship-archives",
            "yarn.provided.lib.dirs", "yarn.provided.usrlib.dir", "yarn.flink-dist-jar"})
    void everyFileListingKeyIsRefusedByLocalFilesWhenAnyEntryIsOnTheNode(String key) {
        for (String value : List.of("/etc/passwd", "s3://b/ok.jar,file:/home/hadoop/.aws/credentials", "s3://b/ok.jar; lib.jar",
                "s3://b/x.jar, local:/usr/lib/a.jar")) {
            assertRefused(DEFAULTS, spark(JAR, Map.of(key, value)), "conf " + key + " is not allowed: rule local-files"
                    + " (reads files of the primary node or ships them with the job); an admin can relax it with"
                    + " RELAXED_POLICY_RULES=local-files");
        }
        assertAllowed(DEFAULTS, spark(JAR, Map.of(key, "s3://b/a.jar, hdfs:///lib/b.jar,")));
        assertAllowed(relaxed(PolicyRule.LOCAL_FILES), spark(JAR, Map.of(key, "/etc/passwd")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark.jars", "spark.files", "spark.yarn.dist.archives", "pipeline.jars", "yarn.ship-files"})
    void aFileListingKeyThatFetchesFromTheInternetIsRefusedByInternet(String key) {
        for (String value : List.of("https://example.com/x.jar", "s3://b/ok.jar,http://example.com/x.jar", "ftp://h/x")) {
            assertRefused(DEFAULTS, spark(JAR, Map.of(key, value)), "conf " + key + " is not allowed: rule internet"
                    + " (fetches from the internet); an admin can relax it with RELAXED_POLICY_RULES=internet");
        }
        assertAllowed(relaxed(PolicyRule.INTERNET), spark(JAR, Map.of(key, "https://example.com/x.jar")));
    }

    @Test
    void theDistributionSchemesKeyListsSchemesNotFiles() {
        assertAllowed(DEFAULTS, spark(JAR, Map.of("spark.yarn.dist.forceDownloadSchemes", "s3a,gs")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark.jars.packages", "spark.jars.repositories", "spark.jars.ivySettings", "spark.jars.ivy"})
    void everyKeyThatResolvesThroughIvyIsRefusedByInternetWhateverItsValue(String key) {
        assertRefusedUntilRelaxed(PolicyRule.INTERNET, spark(JAR, Map.of(key, "org.example:lib:1.0")),
                "conf " + key + " is not allowed: rule"
                + " internet (fetches from the internet); an admin can relax it with RELAXED_POLICY_RULES=internet");
    }

    @ParameterizedTest
    @CsvSource({"spark.yarn.submit.waitAppCompletion, false", "spark.yarn.submit.waitAppCompletion, ' FALSE '",
            "spark.yarn.submit.waitAppCompletion, False", "execution.attached, false", "execution.attached, ' False'"})
    void aKeyThatDetachesTheApplicationIsRefusedByDetach(String key, String value) {
        assertRefusedUntilRelaxed(PolicyRule.DETACH, spark(JAR, Map.of(key, value)),
                "conf " + key + " is not allowed: rule detach (detaches"
                + " the application from its EMR step, which then can neither stop nor count it); an admin can relax it"
                + " with RELAXED_POLICY_RULES=detach");
    }

    @Test
    void flinksDetachedModeIsRefusedByDetachWhereFlinkItselfIsAdmitted() {
        Submission detachedFlink = submission(BatchType.FLINK, JAR, Map.of("execution.attached", "false"), Map.of());
        SubmissionPolicy flinkAdmitted = relaxed(PolicyRule.FLINK_DETACH);

        assertRefused(flinkAdmitted, detachedFlink, "conf execution.attached is not allowed: rule detach (detaches the"
                + " application from its EMR step, which then can neither stop nor count it); an admin can relax it with"
                + " RELAXED_POLICY_RULES=detach");
        assertAllowed(policyRelaxing(Set.of(PolicyRule.FLINK_DETACH, PolicyRule.DETACH)), detachedFlink);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark.kerberos.keytab", "spark.kerberos.principal", "spark.yarn.keytab", "spark.yarn.principal",
            "spark.kerberos.renewal.credentials", "security.kerberos.login.keytab", "security.kerberos.login.principal",
            "security.kerberos.login.use-ticket-cache", "security.kerberos.krb5-conf.path", "security.keytab",
            "security.principal"})
    void everyKerberosIdentityKeyIsRefusedByKerberosWhateverItsValue(String key) {
        assertRefusedUntilRelaxed(PolicyRule.KERBEROS, spark(JAR, Map.of(key, "s3://b/x")),
                "conf " + key + " is not allowed: rule kerberos (logs"
                + " in with a Kerberos keytab, principal or ticket cache of the cluster's); an admin can relax it with"
                + " RELAXED_POLICY_RULES=kerberos");
    }

    @ParameterizedTest
    @CsvSource({"spark.master, local[*]", "spark.master, ' local'", "spark.master, k8s://https://host:443",
            "spark.submit.deployMode, client", "execution.target, local", "execution.target, yarn-per-job"})
    void aKeyThatRunsTheJobOutsideYarnIsRefusedByDeployTarget(String key, String value) {
        assertRefusedUntilRelaxed(PolicyRule.DEPLOY_TARGET, spark(JAR, Map.of(key, value)),
                "conf " + key + " is not allowed: rule deploy-target"
                + " (runs the user's code elsewhere than in YARN containers, the primary node included); an admin can"
                + " relax it with RELAXED_POLICY_RULES=deploy-target");
    }

    @ParameterizedTest
    @CsvSource({"spark.master, yarn", "spark.master, ' YARN '", "spark.submit.deployMode, cluster",
            "execution.target, yarn-application"})
    void aKeyNamingWhereTheStepRunsTheJobAnywayIsAllowed(String key, String value) {
        assertAllowed(DEFAULTS, spark(JAR, Map.of(key, value)));
    }

    @Test
    void theKeysNamedByExtraResourcesMapAreCheckedButTheirUploadedFilesAreAllowed() {
        Submission packages = submission(BatchType.SPARK, JAR, Map.of(), Map.of("spark.jars.packages", List.of("a.jar")));
        assertRefused(DEFAULTS, packages, "conf spark.jars.packages is not allowed: rule internet (fetches from the"
                + " internet); an admin can relax it with RELAXED_POLICY_RULES=internet");

        assertAllowed(DEFAULTS, submission(BatchType.SPARK, JAR, Map.of(), Map.of("spark.jars", List.of("lib.jar"))));
        SubmissionPolicy executorOnly = policy(SubmissionPolicy.ALL_TYPES, List.of("spark.executor.*"), List.of(), Set.of("s3"));
        assertRefused(executorOnly, submission(BatchType.SPARK, JAR, Map.of(), Map.of("spark.jars", List.of("lib.jar"))),
                "conf spark.jars is not allowed on this deployment: it matches no pattern of ALLOWED_CONF_KEYS"
                        + " (spark.executor.*)");
    }

    @Test
    void aKeyMustMatchAnAllowedPatternAndNoDeniedOne() {
        SubmissionPolicy policy = policy(SubmissionPolicy.ALL_TYPES, List.of("spark.executor.*", "spark.driver.memory"),
                List.of("spark.executor.extra*"), Set.of("s3"));

        assertAllowed(policy, spark(JAR, Map.of("spark.executor.memory", "4g", "spark.driver.memory", "2g")));
        assertRefused(policy, spark(JAR, Map.of("spark.driver.cores", "2")), "conf spark.driver.cores is not allowed on"
                + " this deployment: it matches no pattern of ALLOWED_CONF_KEYS (spark.executor.*, spark.driver.memory)");
        assertRefused(policy, spark(JAR, Map.of("spark.executor.extraJavaOptions", "-Dx=y")), "conf"
                + " spark.executor.extraJavaOptions is not allowed on this deployment: it matches the pattern"
                + " spark.executor.extra* of DENIED_CONF_KEYS");
    }

    @Test
    void theConfIsCheckedAsTheEngineNamesItAfterKyuubisRenaming() {
        Submission renamed = new BatchRequestValidator().validate(new BatchRequest("SPARK", JAR, "a.B", null,
                Map.of("jars.packages", "org.example:lib:1.0"), List.of(), Map.of()));

        assertRefused(DEFAULTS, renamed, "conf spark.jars.packages is not allowed: rule internet (fetches from the"
                + " internet); an admin can relax it with RELAXED_POLICY_RULES=internet");
    }

    @Test
    void theRefusedKeyIsTheFirstInOrderWhateverTheRequestsOrder() {
        Map<String, String> conf = Map.of("spark.yarn.keytab", "k", "spark.jars.packages", "p", "spark.files", "/x");

        assertThatThrownBy(() -> DEFAULTS.check(spark(JAR, conf), false)).hasMessageStartingWith("conf spark.files ");
    }

    @Test
    void aLongSchemeIsAbbreviatedInTheMessage() {
        String scheme = "x".repeat(500);

        assertThatThrownBy(() -> DEFAULTS.check(spark(scheme + "://h/a.jar", Map.of()), false))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("resource scheme " + "x".repeat(64) + "… is not allowed");
    }

    @ParameterizedTest
    @CsvSource({"*, anything.at.all, true", "spark.*, spark.jars, true", "spark.*, sparkx, false",
            "spark.executor.*, spark.executor., true", "*.memory, spark.driver.memory, true", "*.memory, spark.memoryX, false",
            "spark.*.memory, spark.driver.memory, true", "spark.*.memory, spark.memory, false", "a*b*c, abc, true",
            "a*b*c, a-b-x, false", "spark.jars, spark.jars, true", "spark.jars, spark.jarsx, false",
            "spark.jars, SPARK.JARS, false", "spark.jar?, spark.jars, false", "spark.(x), spark.(x), true",
            "a**b, ab, true"})
    void patternsMatchTheWholeKeyWithStarForAnyRunAndEveryOtherCharacterAsItself(String glob, String key, boolean matches) {
        org.assertj.core.api.Assertions.assertThat(ConfKeyPattern.of(glob).matches(key)).isEqualTo(matches);
    }

    @Test
    void relaxedRulesAreFoundByTheirNamesInAnyCase() {
        org.assertj.core.api.Assertions.assertThat(List.of("local-files", "internet", " Detach ", "KERBEROS", "other")
                        .stream().map(PolicyRule::named).toList())
                .containsExactly(Optional.of(PolicyRule.LOCAL_FILES), Optional.of(PolicyRule.INTERNET),
                        Optional.of(PolicyRule.DETACH), Optional.of(PolicyRule.KERBEROS), Optional.empty());
    }

    private static SubmissionPolicy policy(Set<BatchType> types, List<String> allowed, List<String> denied, Set<String> schemes) {
        return new SubmissionPolicy(types, allowed.stream().map(ConfKeyPattern::of).toList(),
                denied.stream().map(ConfKeyPattern::of).toList(), schemes, Set.of());
    }

    private static SubmissionPolicy relaxed(PolicyRule rule) {
        return policyRelaxing(Set.of(rule));
    }

    private static SubmissionPolicy policyRelaxing(Set<PolicyRule> rules) {
        return new SubmissionPolicy(SubmissionPolicy.ALL_TYPES, SubmissionPolicy.ANY_KEY, List.of(), SubmissionPolicy.S3, rules);
    }

    private static Submission spark(String resource, Map<String, String> conf) {
        return submission(BatchType.SPARK, resource, conf, Map.of());
    }

    private static Submission submission(BatchType type, String resource, Map<String, String> conf,
            Map<String, List<String>> extraResources) {
        return new Submission(type, null, new BatchSpec(resource, type.needsClassName() ? "a.B" : null, conf, List.of()),
                Optional.empty(), Optional.empty(), extraResources, Map.of());
    }

    private static void assertAllowed(SubmissionPolicy policy, Submission submission) {
        assertThatCode(() -> policy.check(submission, false)).doesNotThrowAnyException();
    }

    /** Refused by default with the message, and let through once that one rule is relaxed. */
    private static void assertRefusedUntilRelaxed(PolicyRule rule, Submission submission, String message) {
        assertRefused(DEFAULTS, submission, message);
        assertAllowed(relaxed(rule), submission);
    }

    private static void assertRefused(SubmissionPolicy policy, Submission submission, String message) {
        assertThatThrownBy(() -> policy.check(submission, false))
                .isInstanceOf(BadRequestException.class)
                .hasMessage(message);
    }
}
