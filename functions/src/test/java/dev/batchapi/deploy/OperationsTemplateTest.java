package dev.batchapi.deploy;

import static dev.batchapi.deploy.ProjectTemplate.TEMPLATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.Config;
import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.local.sam.SamTemplate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Deployment hygiene (issue 12, item 12): what is logged and kept, and what cannot go by accident. */
class OperationsTemplateTest {

    /** The retentions CloudWatch Logs accepts, in days. */
    private static final List<Integer> CLOUDWATCH_RETENTIONS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    @Test
    @SuppressWarnings("unchecked")
    void theStageLogsWhoCalledWhatAndHowItEndedOnEveryRequest() {
        Map<String, Object> settings = (Map<String, Object>) TEMPLATE.properties("BatchApiStage").get("AccessLogSettings");
        String format = (String) ((Map<String, Object>) settings.get("Format")).get("Fn::Sub");

        assertThat(settings.get("DestinationArn")).isEqualTo(Map.of("Fn::GetAtt", "ApiAccessLogGroup.Arn"));
        // the default JwtUserClaim, as CloudFormation substitutes it: one JSON object per request
        Object line = Json.parse(format.replace("${JwtUserClaim}", "sub"), JsonLimits.REQUEST);
        assertThat(line).isEqualTo(Map.ofEntries(
                Map.entry("requestId", "$context.requestId"),
                Map.entry("time", "$context.requestTime"),
                Map.entry("sourceIp", "$context.identity.sourceIp"),
                Map.entry("iamPrincipal", "$context.identity.userArn"),
                Map.entry("basicUser", "$context.authorizer.user"),
                Map.entry("jwtUser", "$context.authorizer.claims.sub"),
                Map.entry("routeKey", "$context.routeKey"),
                Map.entry("status", "$context.status"),
                Map.entry("error", "$context.error.message"),
                Map.entry("authorizerError", "$context.authorizer.error"),
                Map.entry("integrationError", "$context.integrationErrorMessage")));
        // nothing else for CloudFormation to substitute: the rest is API Gateway's
        assertThat(format.replace("${JwtUserClaim}", "")).doesNotContain("${");
    }

    @Test
    void theAccessLogAndEveryFunctionsLogAreKeptForTheRetention() {
        Map<String, Object> retention = ProjectTemplate.parameter("LogRetentionDays");
        assertThat(retention).containsEntry("Type", "Number").containsEntry("Default", 30)
                .containsEntry("AllowedValues", CLOUDWATCH_RETENTIONS);
        assertThat(TEMPLATE.properties("ApiAccessLogGroup").get("RetentionInDays")).isEqualTo(Map.of("Ref", "LogRetentionDays"));

        Set<String> groups = new HashSet<>();
        for (SamTemplate.Function function : TEMPLATE.functions()) {
            String group = ProjectTemplate.logGroupOf(function);
            assertThat(groups.add(group)).as("%s shares %s", function.logicalId(), group).isTrue();
            assertThat(TEMPLATE.resources().get(group).get("Type")).isEqualTo("AWS::Logs::LogGroup");
            assertThat(TEMPLATE.properties(group)).as(group)
                    .containsEntry("RetentionInDays", Map.of("Ref", "LogRetentionDays"))
                    .containsEntry("LogGroupName", Map.of("Fn::Sub", "/aws/lambda/${AWS::StackName}/" + function.logicalId()));
        }
        assertThat(ProjectTemplate.resourcesOfType("AWS::Logs::LogGroup").keySet())
                .containsExactlyInAnyOrderElementsOf(union(groups, "ApiAccessLogGroup"));
    }

    @Test
    void theTableAndTheUsersSecretOutliveTheStackAndTheTableCannotBeDeletedByMistake() {
        Map<String, Object> table = TEMPLATE.resources().get("BatchTable");
        Map<String, Object> secret = TEMPLATE.resources().get("UsersSecret");

        assertThat(TEMPLATE.properties("BatchTable")).containsEntry("DeletionProtectionEnabled", true);
        assertThat(table).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
        assertThat(secret).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theScheduledSyncRunsOneAtATimeAndIsNeverRetried() {
        Map<String, Object> sync = TEMPLATE.properties("SyncBatchStatesFunction");
        Map<String, Object> schedule = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) sync.get("Events"))
                .get("Schedule")).get("Properties");

        assertThat(sync).containsEntry("ReservedConcurrentExecutions", 1);
        // neither Lambda's own retries of a failed run nor EventBridge's of a refused (throttled) one
        assertThat(sync.get("EventInvokeConfig")).isEqualTo(Map.of("MaximumRetryAttempts", 0, "MaximumEventAgeInSeconds", 60));
        assertThat(schedule.get("RetryPolicy")).isEqualTo(Map.of("MaximumRetryAttempts", 0));
        assertThat(ProjectTemplate.function("SyncBatchStatesFunction").schedules()).containsExactly("rate(1 minute)");
        // SUBMIT_GRACE_SECONDS must outlast a run: Config refuses a grace that does not.
        assertThat(sync).containsEntry("Timeout", Config.MAX_SYNC_SECONDS);
    }

    @Test
    void theBasicAuthorizerHasAReservedConcurrency() {
        assertThat(TEMPLATE.properties("BasicAuthorizerFunction"))
                .containsEntry("ReservedConcurrentExecutions", Map.of("Ref", "AuthorizerConcurrency"));
        assertThat(ProjectTemplate.parameter("AuthorizerConcurrency")).containsEntry("Type", "Number")
                .containsEntry("Default", 10).containsEntry("MinValue", 1);
        // no other function's concurrency is capped but the sync's
        assertThat(TEMPLATE.functions()).filteredOn(function ->
                        TEMPLATE.properties(function.logicalId()).containsKey("ReservedConcurrentExecutions"))
                .extracting(SamTemplate.Function::logicalId)
                .containsExactlyInAnyOrder("BasicAuthorizerFunction", "SyncBatchStatesFunction");
    }

    private static Set<String> union(Set<String> set, String element) {
        Set<String> with = new HashSet<>(set);
        with.add(element);
        return with;
    }
}
