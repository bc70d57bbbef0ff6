package dev.batchapi.deploy;

import static dev.batchapi.deploy.ProjectTemplate.TEMPLATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.sam.SamTemplate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The submission policy and request checks of issue 12 (items 2, 6, 10, 11) are template parameters,
 * each reaching exactly the functions that read it; the JWT scopes are API Gateway's to check.
 */
class ConfigurationTemplateTest {

    /** Read by the create function only: what a batch may carry. */
    private static final Map<String, String> SUBMISSION_POLICY = Map.of(
            "ALLOWED_BATCH_TYPES", "AllowedBatchTypes",
            "ALLOWED_CONF_KEYS", "AllowedConfKeys",
            "DENIED_CONF_KEYS", "DeniedConfKeys",
            "ALLOWED_RESOURCE_SCHEMES", "AllowedResourceSchemes",
            "RELAXED_POLICY_RULES", "RelaxedPolicyRules");
    /** Read by every function behind an authorized route: who the caller is, where from, what it may read. */
    private static final Map<String, String> REQUEST_CHECKS = Map.of(
            "JWT_REQUIRED_CLAIM", "JwtRequiredClaim",
            "ALLOWED_ORIGINS", "AllowedOrigins",
            "READ_ACCESS", "ReadAccess");

    @Test
    void eachSubmissionPolicySettingReachesTheCreateFunctionOnly() {
        SUBMISSION_POLICY.forEach((variable, parameter) -> assertThat(functionsWith(variable, parameter)).as(variable)
                .containsExactly("CreateBatchFunction"));
    }

    @Test
    void eachRequestCheckReachesExactlyTheFunctionsBehindTheAuthorizedRoutes() {
        List<String> routed = TEMPLATE.functions().stream()
                .filter(function -> function.routes().stream().anyMatch(SamTemplate.Route::authorized))
                .map(SamTemplate.Function::logicalId).toList();

        assertThat(routed).hasSize(6);
        REQUEST_CHECKS.forEach((variable, parameter) -> assertThat(functionsWith(variable, parameter)).as(variable)
                .containsExactlyInAnyOrderElementsOf(routed));
    }

    @Test
    void theDefaultsKeepKyuubisBehaviour() {
        assertThat(ProjectTemplate.parameter("AllowedBatchTypes")).containsEntry("Default", "SPARK,PYSPARK,FLINK");
        assertThat(ProjectTemplate.parameter("AllowedConfKeys")).containsEntry("Default", "*");
        assertThat(ProjectTemplate.parameter("DeniedConfKeys")).containsEntry("Default", "");
        assertThat(ProjectTemplate.parameter("AllowedResourceSchemes")).containsEntry("Default", "s3");
        assertThat(ProjectTemplate.parameter("RelaxedPolicyRules")).containsEntry("Default", "");
        assertThat(ProjectTemplate.parameter("JwtRequiredClaim")).containsEntry("Default", "");
        assertThat(ProjectTemplate.parameter("JwtRequiredScopes")).containsEntry("Type", "CommaDelimitedList")
                .containsEntry("Default", "");
        assertThat(ProjectTemplate.parameter("AllowedOrigins")).containsEntry("Default", "");
        assertThat(ProjectTemplate.parameter("ReadAccess")).containsEntry("Default", "ANYONE")
                .containsEntry("AllowedValues", List.of("ANYONE", "OWNER_OR_ADMIN"));
    }

    @Test
    void aMistypedSettingIsRefusedAtDeployTime() {
        assertAccepts("AllowedBatchTypes", "SPARK", "SPARK,PYSPARK,FLINK", "FLINK,SPARK");
        assertRefuses("AllowedBatchTypes", "", "SPARK,", "spark", "SPARK,HIVE", "SPARK PYSPARK");
        assertAccepts("AllowedResourceSchemes", "", "s3", "s3,hdfs", "s3a,gs");
        assertRefuses("AllowedResourceSchemes", "s3://", "S3", "s3,", "s3, hdfs");
        assertAccepts("RelaxedPolicyRules", "", "local-files", "flink-detach", "internet,detach,flink-detach,kerberos,deploy-target");
        assertRefuses("RelaxedPolicyRules", "all", "internet,", "internet,nope");
        assertAccepts("JwtRequiredClaim", "", "token_use=access", "custom:team=data=x");
        assertRefuses("JwtRequiredClaim", "team", "=data", "team=");
        assertAccepts("AllowedOrigins", "", "https://console.example.com", "https://a.example:8443,http://localhost:3000");
        assertRefuses("AllowedOrigins", "console.example.com", "https://a.example/path", "https://a.example,");
        // EventBridge refuses every entry under aws.*: Config refuses it at start too (ConfigTest).
        assertAccepts("EventSource", "batchapi", "acme.batches", "aws", "awsome.batches");
        assertRefuses("EventSource", "", "aws.emr", "aws.", "acme batches", "a/b");
        assertAccepts("EventBusName", "default", "data-platform", "team.bus_1");
        assertRefuses("EventBusName", "", "arn:aws:events:us-east-1:123456789012:event-bus/x", "a bus");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSchedulersLimitsReachEveryFunctionAndRefuseWhatTheFunctionsWouldRefuse() {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                TEMPLATE.root().get("Globals")).get("Function")).get("Environment")).get("Variables");

        // Every function that admits, dispatches, ends or shows a batch counts against the same limits.
        assertThat(globals).containsEntry("MAX_ACTIVE_STEPS", Map.of("Ref", "MaxActiveSteps"))
                .containsEntry("MAX_ACTIVE_PER_USER", Map.of("Ref", "MaxActivePerUser"));
        assertThat(ProjectTemplate.parameter("MaxActiveSteps")).containsEntry("Default", "200");
        assertThat(ProjectTemplate.parameter("MaxActivePerUser")).containsEntry("Default", 0)
                .containsEntry("MinValue", 0).containsEntry("MaxValue", 256);
        assertAccepts("MaxActiveSteps", "1", "99", "200", "256", "200,adhoc=50", "10,a=1,b-2=256");
        assertRefuses("MaxActiveSteps", "", "0", "257", "1000", "200,", "adhoc=50", "200,adhoc=0", "200, adhoc=5",
                "200,Adhoc=5", "200,adhoc=257");
    }

    @Test
    @SuppressWarnings("unchecked")
    void inJwtModeEveryAuthorizedRouteNeedsOneOfTheRequiredScopes() {
        Map<String, String> jwt = Map.of("AuthMode", "JWT", "JwtRequiredScopes", "batches/write,batches/admin");
        Map<String, Map<String, Object>> routes = ProjectTemplate.authorizedRoutes();

        assertThat(routes).hasSize(8);
        routes.forEach((id, route) -> {
            assertThat(((Map<String, Object>) TEMPLATE.asDeployed(route, jwt)).get("AuthorizationScopes")).as(id)
                    .isEqualTo(Map.of("Ref", "JwtRequiredScopes"));
            assertThat((Map<String, Object>) TEMPLATE.asDeployed(route, Map.of("AuthMode", "JWT"))).as(id)
                    .doesNotContainKey("AuthorizationScopes");
            assertThat((Map<String, Object>) TEMPLATE.asDeployed(route, Map.of())).as(id)
                    .doesNotContainKey("AuthorizationScopes");
        });
        assertThat(TEMPLATE.conditionHolds("HasJwtScopes", Map.of("JwtRequiredScopes", "batches/write"))).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void jwtRequirementsAreRefusedInAnotherModeRatherThanLeftUnchecked() {
        Map<String, Object> rules = (Map<String, Object>) TEMPLATE.root().get("Rules");
        Map<String, Object> rule = (Map<String, Object>) rules.get("JwtRequirementsNeedJwtMode");

        assertThat(rule.get("RuleCondition")).isEqualTo(
                Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "AuthMode"), "JWT")))));
        assertThat((List<Map<String, Object>>) rule.get("Assertions")).extracting(assertion -> assertion.get("Assert"))
                .containsExactly(
                        Map.of("Fn::Equals", List.of(Map.of("Fn::Join", List.of("", Map.of("Ref", "JwtRequiredScopes"))), "")),
                        Map.of("Fn::Equals", List.of(Map.of("Ref", "JwtRequiredClaim"), "")));
    }

    /** The functions that set the variable (themselves, not through Globals) from the parameter. */
    private static List<String> functionsWith(String variable, String parameter) {
        @SuppressWarnings("unchecked")
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                TEMPLATE.root().get("Globals")).get("Function")).get("Environment")).get("Variables");
        assertThat(globals).as("Globals").doesNotContainKey(variable);
        return TEMPLATE.functions().stream()
                .filter(function -> ProjectTemplate.ownEnvironment(function).containsKey(variable))
                .peek(function -> assertThat(ProjectTemplate.ownEnvironment(function).get(variable))
                        .as(function.logicalId() + " " + variable).isEqualTo(Map.of("Ref", parameter)))
                .map(SamTemplate.Function::logicalId)
                .toList();
    }

    private static void assertAccepts(String parameter, String... values) {
        Pattern pattern = Pattern.compile((String) ProjectTemplate.parameter(parameter).get("AllowedPattern"));
        for (String value : values) {
            assertThat(pattern.matcher(value).matches()).as("%s=%s", parameter, value).isTrue();
        }
    }

    private static void assertRefuses(String parameter, String... values) {
        Pattern pattern = Pattern.compile((String) ProjectTemplate.parameter(parameter).get("AllowedPattern"));
        for (String value : values) {
            assertThat(pattern.matcher(value).matches()).as("%s=%s", parameter, value).isFalse();
        }
    }
}
