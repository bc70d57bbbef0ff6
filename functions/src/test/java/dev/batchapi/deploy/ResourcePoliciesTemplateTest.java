package dev.batchapi.deploy;

import static dev.batchapi.deploy.ProjectTemplate.TEMPLATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.sam.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The API's own state is the functions' alone (issue 12, item 3): the table's resource policy and the
 * artifact bucket's policy deny what IAM policies elsewhere (a cluster's instance profile) may allow.
 */
class ResourcePoliciesTemplateTest {

    /** Every IAM action that reads or writes a table's items (Transact* calls are authorized as these). */
    private static final List<String> ITEM_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:BatchGetItem",
            "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLSelect", "dynamodb:PartiQLInsert",
            "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete");
    /** Every IAM action that writes, replaces or removes an object or what guards it. */
    private static final List<String> OBJECT_WRITES = List.of("s3:PutObject", "s3:PutObjectAcl", "s3:PutObjectVersionAcl",
            "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:PutObjectRetention", "s3:PutObjectLegalHold",
            "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging",
            "s3:AbortMultipartUpload", "s3:ReplicateObject", "s3:ReplicateDelete");
    private static final String BREAK_GLASS = "arn:aws:iam::123456789012:role/batch-api-break-glass";
    private static final Map<String, Object> BREAK_GLASS_REF = Map.of("Ref", "BreakGlassRoleArn");

    @Test
    void theTableDeniesItsItemsToAllButTheFunctionsThatUseThemAndTheBreakGlassRole() {
        Map<String, String> basic = Map.of("AuthMode", "BASIC", "BreakGlassRoleArn", BREAK_GLASS);

        Map<String, Object> deny = tableDeny(basic);

        assertThat(deny).containsEntry("Effect", "Deny").containsEntry("Principal", "*").containsEntry("Resource", "*");
        assertThat(SamTemplate.actions(deny)).containsExactlyInAnyOrderElementsOf(ITEM_ACTIONS);
        List<Object> excepted = new ArrayList<>(rolesOfFunctionsAllowing(ITEM_ACTIONS::contains, basic));
        excepted.add(BREAK_GLASS_REF);
        assertThat(exceptedPrincipals(deny)).containsExactlyInAnyOrderElementsOf(excepted);
        // every function that uses the table, the BASIC authorizer included, and none that does not
        assertThat(excepted).hasSize(9).doesNotContain(ProjectTemplate.roleArnOf(ProjectTemplate.function("MethodNotAllowedFunction")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTablesStreamIsDeniedToAllButTheFunctionThatReadsItAndTheBreakGlassRole() {
        Map<String, Object> stream = (Map<String, Object>) TEMPLATE.properties("BatchTable").get("StreamSpecification");
        Map<String, Object> policy = (Map<String, Object>) stream.get("ResourcePolicy");
        List<Map<String, Object>> statements = ProjectTemplate.statementsAsDeployed(policy.get("PolicyDocument"),
                Map.of("BreakGlassRoleArn", "arn:aws:iam::123456789012:role/break-glass"));
        List<Object> readers = TEMPLATE.functions().stream()
                .filter(function -> function.statements().stream().flatMap(statement -> SamTemplate.actions(statement).stream())
                        .anyMatch(action -> action.equals("dynamodb:GetRecords")))
                .map(ProjectTemplate::roleArnOf)
                .collect(Collectors.toCollection(ArrayList::new));
        readers.add(BREAK_GLASS_REF);

        assertThat(statements).singleElement().satisfies(deny -> {
            assertThat(deny).containsEntry("Effect", "Deny").containsEntry("Principal", "*").containsEntry("Resource", "*");
            assertThat(SamTemplate.actions(deny)).containsExactlyInAnyOrder(
                    "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator");
            assertThat(exceptedPrincipals(deny)).containsExactlyInAnyOrderElementsOf(readers);
        });
        assertThat(readers).hasSize(2).contains(ProjectTemplate.roleArnOf(ProjectTemplate.function("PublishStateChangesFunction")));
    }

    @Test
    void withoutBasicModeOrABreakGlassRoleOnlyTheTablesFunctionsAreExcepted() {
        Map<String, Object> deny = tableDeny(Map.of());

        assertThat(TEMPLATE.conditionHolds("HasBreakGlassRole", Map.of())).isFalse();
        assertThat(exceptedPrincipals(deny)).containsExactlyInAnyOrderElementsOf(rolesOfFunctionsAllowing(ITEM_ACTIONS::contains, Map.of()));
        assertThat(rolesOfFunctionsAllowing(ITEM_ACTIONS::contains, Map.of())).hasSize(7)
                .doesNotContain(Map.of("Fn::GetAtt", "BasicAuthorizerFunctionRole.Arn"));
    }

    /**
     * The table's policy names the roles, so no role may name the table, or the stack could not be
     * created: a role carries no policy itself, its permissions are a RolePolicy of their own.
     */
    @Test
    void noFunctionRoleDependsOnTheTable() {
        for (SamTemplate.Function function : TEMPLATE.functions()) {
            String role = SamTemplate.role(TEMPLATE.properties(function.logicalId())).orElseThrow();
            Map<String, Object> properties = TEMPLATE.properties(role);

            assertThat(properties).as(role).containsOnlyKeys("AssumeRolePolicyDocument");
            assertThat(properties.get("AssumeRolePolicyDocument")).as(role).isEqualTo(Map.of("Version", "2012-10-17",
                    "Statement", List.of(Map.of("Effect", "Allow", "Principal", Map.of("Service", "lambda.amazonaws.com"),
                            "Action", "sts:AssumeRole"))));
            assertThat(TEMPLATE.resources().get(role).get("Condition")).as(role).isEqualTo(function.condition().orElse(null));
            // and the function starts only once its permissions are in place
            assertThat(TEMPLATE.resources().get(function.logicalId()).get("DependsOn")).as(function.logicalId())
                    .isEqualTo(function.logicalId() + "Policy");
            assertThat(TEMPLATE.properties(function.logicalId() + "Policy").get("RoleName")).isEqualTo(Map.of("Ref", role));
        }
    }

    @Test
    void theBucketRefusesEveryRequestWithoutTls() {
        Map<String, Object> tls = bucketStatement("OnlyTls", Map.of());

        assertThat(tls).containsEntry("Effect", "Deny").containsEntry("Principal", "*").containsEntry("Action", "s3:*");
        assertThat(SamTemplate.resources(tls)).containsExactly(Map.of("Fn::GetAtt", "ArtifactBucket.Arn"),
                Map.of("Fn::Sub", "${ArtifactBucket.Arn}/*"));
        assertThat(tls.get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        assertThat(TEMPLATE.properties("ArtifactBucketPolicy").get("Bucket")).isEqualTo(Map.of("Ref", "ArtifactBucket"));
    }

    @Test
    void onlyTheCreateFunctionAndTheBreakGlassRoleMayWriteUnderUploads() {
        Map<String, Object> writes = bucketStatement("OnlyTheCreateFunctionWritesUploads",
                Map.of("BreakGlassRoleArn", BREAK_GLASS));

        assertThat(writes).containsEntry("Effect", "Deny").containsEntry("Principal", "*")
                .containsEntry("Resource", Map.of("Fn::Sub", "${ArtifactBucket.Arn}/uploads/*"));
        assertThat(SamTemplate.actions(writes)).containsExactlyInAnyOrderElementsOf(OBJECT_WRITES);
        List<Object> writers = new ArrayList<>(rolesOfFunctionsAllowing(action -> action.startsWith("s3:PutObject"), Map.of()));
        assertThat(writers).containsExactly(ProjectTemplate.roleArnOf(ProjectTemplate.function("CreateBatchFunction")));
        writers.add(BREAK_GLASS_REF);
        assertThat(exceptedPrincipals(writes)).containsExactlyInAnyOrderElementsOf(writers);
        assertThat(exceptedPrincipals(bucketStatement("OnlyTheCreateFunctionWritesUploads", Map.of())))
                .containsExactly(Map.of("Fn::GetAtt", "CreateBatchFunctionRole.Arn"));
    }

    @Test
    void theBasicAuthorizerMayReadAndCountOnlyItsOwnItems() {
        assertThat(ProjectTemplate.function("BasicAuthorizerFunction").statements())
                .filteredOn(statement -> SamTemplate.actions(statement).stream().anyMatch(action -> action.startsWith("dynamodb:")))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(SamTemplate.actions(statement)).containsExactly("dynamodb:GetItem", "dynamodb:UpdateItem");
                    assertThat(statement.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", "BatchTable.Arn"));
                    assertThat(statement.get("Condition")).isEqualTo(Map.of("ForAllValues:StringLike",
                            Map.of("dynamodb:LeadingKeys", List.of("auth#*"))));
                });
    }

    @Test
    void theBreakGlassRoleIsAnIamRoleArnOrNothing() {
        Map<String, Object> parameter = ProjectTemplate.parameter("BreakGlassRoleArn");
        Pattern allowed = Pattern.compile((String) parameter.get("AllowedPattern"));

        assertThat(parameter.get("Default")).isEqualTo("");
        assertThat(allowed.matcher("").matches()).isTrue();
        assertThat(allowed.matcher(BREAK_GLASS).matches()).isTrue();
        assertThat(allowed.matcher("arn:aws-us-gov:iam::123456789012:role/ops/repair").matches()).isTrue();
        assertThat(allowed.matcher("arn:aws:iam::123456789012:user/alice").matches()).isFalse();
        assertThat(allowed.matcher("*").matches()).isFalse();
    }

    /** The principals a Deny excepts: its one condition is that the caller's ARN is none of them. */
    @SuppressWarnings("unchecked")
    private static List<Object> exceptedPrincipals(Map<String, Object> deny) {
        Map<String, Object> condition = (Map<String, Object>) deny.get("Condition");
        assertThat(condition).containsOnlyKeys("ArnNotEquals");
        Map<String, Object> arnNotEquals = (Map<String, Object>) condition.get("ArnNotEquals");
        assertThat(arnNotEquals).containsOnlyKeys("aws:PrincipalArn");
        return (List<Object>) arnNotEquals.get("aws:PrincipalArn");
    }

    private static Map<String, Object> tableDeny(Map<String, String> parameters) {
        @SuppressWarnings("unchecked")
        Map<String, Object> policy = (Map<String, Object>) TEMPLATE.properties("BatchTable").get("ResourcePolicy");
        List<Map<String, Object>> statements = ProjectTemplate.statementsAsDeployed(policy.get("PolicyDocument"), parameters);
        assertThat(statements).hasSize(1);
        return statements.get(0);
    }

    private static Map<String, Object> bucketStatement(String sid, Map<String, String> parameters) {
        List<Map<String, Object>> statements = ProjectTemplate.statementsAsDeployed(
                TEMPLATE.properties("ArtifactBucketPolicy").get("PolicyDocument"), parameters);
        assertThat(statements).extracting(statement -> statement.get("Sid"))
                .containsExactlyInAnyOrder("OnlyTls", "OnlyTheCreateFunctionWritesUploads");
        return statements.stream().filter(statement -> sid.equals(statement.get("Sid"))).findFirst().orElseThrow();
    }

    /**
     * The roles of the functions deployed with the parameters whose statements allow such an action (the
     * table's items: not its stream's records, which the events function reads and the deny does not cover).
     */
    private static List<Object> rolesOfFunctionsAllowing(Predicate<String> allowed, Map<String, String> parameters) {
        return TEMPLATE.functions().stream()
                .filter(function -> function.condition().map(name -> TEMPLATE.conditionHolds(name, parameters)).orElse(true))
                .filter(function -> function.statements().stream().flatMap(statement -> SamTemplate.actions(statement).stream())
                        .anyMatch(allowed))
                .map(ProjectTemplate::roleArnOf)
                .toList();
    }
}
