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
                Properties: { ApiId: !Ref Api, RouteKey: "GET /things/{id}", Target: !Sub "integrations/${GetIntegration}" }
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
        assertThat(get.routes()).containsExactly(new SamTemplate.Route("GET", "/things/{id}"));
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
}
