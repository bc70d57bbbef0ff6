package dev.batchapi.local.sam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateTest {

    private static final String TEMPLATE = """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                Timeout: 30
            Parameters:
              Rate:
                Type: String
                Default: rate(2 minutes)
              Mode:
                Type: String
                Default: OPEN
            Conditions:
              IsLocked: !Equals [!Ref Mode, LOCKED]
              IsOpen: !Not [!Condition IsLocked]
              NotLocked: !Not [!Equals [LOCKED, !Ref Mode]]
            Resources:
              Api:
                Type: AWS::ApiGatewayV2::Api
              GetIntegration:
                Type: AWS::ApiGatewayV2::Integration
                Properties: { ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !Ref Get.Alias }
              GetRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties:
                  ApiId: !Ref Api
                  RouteKey: "GET /things/{id}"
                  Target: !Sub "integrations/${GetIntegration}"
                  AuthorizationType: !FindInMap [Modes, !Ref Mode, AuthorizationType]
              PublicRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties: { ApiId: !Ref Api, RouteKey: "GET /things", Target: !Sub "integrations/${GetIntegration}" }
              Lock:
                Type: AWS::ApiGatewayV2::Authorizer
                Condition: IsLocked
                Properties:
                  ApiId: !Ref Api
                  AuthorizerType: REQUEST
                  AuthorizerUri: !Join ["", ["arn:functions/", !Ref Guard.Alias, /invocations]]
              Guard:
                Type: AWS::Serverless::Function
                Condition: IsLocked
                Properties:
                  Handler: a.Guard::handleRequest
              Get:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.Get::handleRequest
                  Policies:
                    - Statement:
                        - Effect: Allow
                          Action: dynamodb:GetItem
                          Resource: !GetAtt Table.Arn
                        - !If
                          - IsLocked
                          - Effect: Allow
                            Action: iam:PassRole
                            Resource: !Ref Roles
                          - !Ref AWS::NoValue
              Sync:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.Sync::handleRequest
                  Timeout: 60
                  Events:
                    Every:
                      Type: Schedule
                      Properties: { Schedule: !Ref Rate }
                    Change:
                      Type: EventBridgeRule
                      Properties:
                        Pattern: { source: [aws.emr], detail: { clusterId: [!Ref Cluster] } }
                  Policies:
                    - Statement:
                        - Effect: Allow
                          Action: [a:B, c:D]
                          Resource: [!Sub "arn:${AWS::Partition}:x", "*"]
            """;

    private final SamTemplate template = SamTemplate.parse(new StringReader(TEMPLATE));

    @Test
    void readsFunctionsWithTheirTriggersAndStatements() {
        assertThat(template.functions()).extracting(SamTemplate.Function::logicalId).containsExactly("Guard", "Get", "Sync");
        SamTemplate.Function guard = template.functions().get(0);
        SamTemplate.Function get = template.functions().get(1);
        SamTemplate.Function sync = template.functions().get(2);

        assertThat(get.handler()).isEqualTo("a.Get::handleRequest");
        assertThat(get.timeoutSeconds()).isEqualTo(30);
        assertThat(sync.timeoutSeconds()).isEqualTo(60);
        // A route without an AuthorizationType is API Gateway's NONE: public.
        assertThat(get.routes()).containsExactly(new SamTemplate.Route("GET", "/things/{id}"),
                new SamTemplate.Route("GET", "/things", false));
        assertThat(guard.routes()).isEmpty();
        assertThat(guard.condition()).contains("IsLocked");
        assertThat(get.condition()).isEmpty();
        assertThat(get.schedules()).isEmpty();
        assertThat(sync.schedules()).containsExactly("rate(2 minutes)");
        assertThat(sync.eventPatterns()).containsExactly(Map.of("source", List.of("aws.emr"),
                "detail", Map.of("clusterId", List.of(Map.of("Ref", "Cluster")))));
    }

    @Test
    void shortIntrinsicsBecomeTheirLongForms() {
        Map<String, Object> getStatement = template.functions().get(1).statements().get(0);
        Map<String, Object> syncStatement = template.functions().get(2).statements().get(0);

        assertThat(SamTemplate.actions(getStatement)).containsExactly("dynamodb:GetItem");
        assertThat(SamTemplate.resources(getStatement)).containsExactly(Map.of("Fn::GetAtt", "Table.Arn"));
        assertThat(SamTemplate.actions(syncStatement)).containsExactly("a:B", "c:D");
        assertThat(SamTemplate.resources(syncStatement)).containsExactly(Map.of("Fn::Sub", "arn:${AWS::Partition}:x"), "*");
        assertThat(template.parameterDefault("Rate")).contains("rate(2 minutes)");
        assertThat(template.parameterDefault("Nope")).isEmpty();
    }

    @Test
    void aConditionalStatementCountsAsIfItsConditionHeld() {
        assertThat(template.functions().get(1).statements()).extracting(SamTemplate::actions)
                .containsExactly(List.of("dynamodb:GetItem"), List.of("iam:PassRole"));
    }

    @Test
    void findsTheRequestAuthorizersFunctionAndEvaluatesConditions() {
        assertThat(template.requestAuthorizerFunction()).contains("Guard");
        assertThat(template.conditionHolds("IsLocked", Map.of())).isFalse();
        assertThat(template.conditionHolds("IsLocked", Map.of("Mode", "LOCKED"))).isTrue();
        assertThat(template.conditionHolds("NotLocked", Map.of("Mode", "LOCKED"))).isFalse();
        assertThat(template.conditionHolds("NotLocked", Map.of())).isTrue();
        assertThat(template.conditionHolds("IsOpen", Map.of("Mode", "LOCKED"))).isFalse();
    }

    private static final String WITH_ROLES = """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Mode:
                Type: String
                Default: OPEN
              Roles:
                Type: CommaDelimitedList
                Default: ""
            Conditions:
              IsLocked: !Equals [!Ref Mode, LOCKED]
              HasRoles: !Not [!Equals [!Join ["", !Ref Roles], ""]]
              LockedWithRoles: !And [!Condition IsLocked, !Condition HasRoles]
              LockedOrRoles: !Or [!Condition IsLocked, !Condition HasRoles]
            Resources:
              Put:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.Put::handleRequest
                  Role: !GetAtt PutRole.Arn
              PutRole:
                Type: AWS::IAM::Role
              PutPolicy:
                Type: AWS::IAM::RolePolicy
                Properties:
                  RoleName: !Ref PutRole
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: dynamodb:PutItem
                        Resource: !GetAtt Table.Arn
                        Condition: !If
                          - HasRoles
                          - StringEquals: { "a:Role": !Ref Roles }
                          - !Ref AWS::NoValue
                      - !If
                        - IsLocked
                        - { Effect: Allow, Action: iam:PassRole, Resource: [!Ref Roles, !If [HasRoles, x, !Ref AWS::NoValue]] }
                        - !Ref AWS::NoValue
              OtherPolicy:
                Type: AWS::IAM::RolePolicy
                Properties:
                  RoleName: !Ref OtherRole
                  PolicyDocument:
                    Statement:
                      - { Effect: Allow, Action: s3:GetObject, Resource: "*" }
            """;

    private final SamTemplate withRoles = SamTemplate.parse(new StringReader(WITH_ROLES));

    @Test
    void aFunctionWithItsOwnRoleHasTheStatementsOfThatRolesPoliciesOnly() {
        SamTemplate.Function put = withRoles.functions().get(0);

        assertThat(SamTemplate.role(withRoles.properties("Put"))).contains("PutRole");
        assertThat(SamTemplate.role(Map.of("Role", Map.of("Fn::GetAtt", List.of("R", "Arn"))))).contains("R");
        assertThat(SamTemplate.role(Map.of("Role", "arn:aws:iam::123456789012:role/elsewhere"))).isEmpty();
        assertThat(put.statements()).extracting(SamTemplate::actions)
                .containsExactly(List.of("dynamodb:PutItem"), List.of("iam:PassRole"));
    }

    @Test
    void conditionsCombineAndReadJoinedListParameters() {
        assertThat(withRoles.conditionHolds("HasRoles", Map.of())).isFalse();
        assertThat(withRoles.conditionHolds("HasRoles", Map.of("Roles", "arn:r1,arn:r2"))).isTrue();
        assertThat(withRoles.conditionHolds("LockedWithRoles", Map.of("Roles", "arn:r1"))).isFalse();
        assertThat(withRoles.conditionHolds("LockedWithRoles", Map.of("Roles", "arn:r1", "Mode", "LOCKED"))).isTrue();
        assertThat(withRoles.conditionHolds("LockedOrRoles", Map.of())).isFalse();
        assertThat(withRoles.conditionHolds("LockedOrRoles", Map.of("Mode", "LOCKED"))).isTrue();
    }

    @Test
    void asDeployedDecidesEveryIfAndLeavesOutNoValue() {
        Map<String, Object> statement = withRoles.functions().get(0).statements().get(0);
        Object passRole = withRoles.properties("PutPolicy").get("PolicyDocument");

        assertThat(withRoles.asDeployed(statement, Map.of())).isEqualTo(Map.of(
                "Effect", "Allow", "Action", "dynamodb:PutItem", "Resource", Map.of("Fn::GetAtt", "Table.Arn")));
        assertThat(withRoles.asDeployed(statement, Map.of("Roles", "arn:r1"))).isEqualTo(Map.of(
                "Effect", "Allow", "Action", "dynamodb:PutItem", "Resource", Map.of("Fn::GetAtt", "Table.Arn"),
                "Condition", Map.of("StringEquals", Map.of("a:Role", Map.of("Ref", "Roles")))));
        assertThat(withRoles.asDeployed(passRole, Map.of())).isEqualTo(Map.of("Statement", List.of(
                Map.of("Effect", "Allow", "Action", "dynamodb:PutItem", "Resource", Map.of("Fn::GetAtt", "Table.Arn")))));
        assertThat(withRoles.asDeployed(passRole, Map.of("Mode", "LOCKED"))).isEqualTo(Map.of("Statement", List.of(
                Map.of("Effect", "Allow", "Action", "dynamodb:PutItem", "Resource", Map.of("Fn::GetAtt", "Table.Arn")),
                Map.of("Effect", "Allow", "Action", "iam:PassRole", "Resource", List.of(Map.of("Ref", "Roles"))))));
    }

    @Test
    void resolvesSubJoinAndSplitOfParametersAndPseudoParametersMappingOverAListParameter() {
        SamTemplate template = SamTemplate.parse(new StringReader("""
                Parameters:
                  Main: { Type: String, Default: j-MAIN }
                  Others: { Type: CommaDelimitedList, Default: "" }
                Conditions:
                  HasOthers: !Not [!Equals [!Join ["", !Ref Others], ""]]
                Resources:
                  Policy:
                    Type: AWS::IAM::RolePolicy
                    Properties:
                      Resource: !If
                        - HasOthers
                        - !Split
                          - ","
                          - !Sub
                            - "arn:${AWS::Partition}:emr:${AWS::Region}:cluster/${Main},arn:*:emr:*:cluster/${Rest}"
                            - Rest: !Join [",arn:*:emr:*:cluster/", !Ref Others]
                        - !Sub "arn:${AWS::Partition}:emr:${AWS::Region}:cluster/${Main}"
                      Ids: !Split [",", !Join [",", [!Ref Main, !Join [",", !Ref Others]]]]
                      Bucket: !Sub "${Bucket.Arn}/x"
                """));
        Map<String, String> pseudo = Map.of("AWS::Partition", "aws", "AWS::Region", "eu-west-1");
        Map<String, String> withOthers = new java.util.HashMap<>(pseudo);
        withOthers.put("Others", "j-A,j-B");
        Object properties = template.properties("Policy");

        assertThat(template.resolved(properties, pseudo)).isEqualTo(Map.of(
                "Resource", "arn:aws:emr:eu-west-1:cluster/j-MAIN",
                "Ids", List.of("j-MAIN", ""),
                "Bucket", Map.of("Fn::Sub", "${Bucket.Arn}/x")));
        assertThat(template.resolved(properties, withOthers)).isEqualTo(Map.of(
                "Resource", List.of("arn:aws:emr:eu-west-1:cluster/j-MAIN", "arn:*:emr:*:cluster/j-A", "arn:*:emr:*:cluster/j-B"),
                "Ids", List.of("j-MAIN", "j-A", "j-B"),
                "Bucket", Map.of("Fn::Sub", "${Bucket.Arn}/x")));
    }
}
