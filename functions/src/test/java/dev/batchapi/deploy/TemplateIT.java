package dev.batchapi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.AwsService;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.cluster.ClusterState;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReason;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReasonCode;
import dev.batchapi.local.sam.SamTemplate;
import dev.batchapi.local.sam.SamTemplate.Route;
import dev.batchapi.store.BatchTable;
import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.BasicAuthGateway;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.OpenApiContract;
import dev.batchapi.support.SdkCallRecorder;
import dev.batchapi.support.StoreCalls;
import dev.batchapi.support.TestApi;
import dev.batchapi.sync.PublishStateChangesHandler;
import dev.batchapi.sync.StepStatusChangeHandler;
import dev.batchapi.sync.SyncBatchStatesHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;

/** template.yaml holds together with the code: routes, handlers, the table, and least-privilege IAM. */
class TemplateIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final SamTemplate template = ProjectTemplate.TEMPLATE;
    private static final String API = "dev.batchapi.api.";
    /** The create submits; the kill, the step event and the sync dispatch the queue, retry and roll forward. */
    private static final List<String> STEP_ADDERS = List.of("CreateBatchFunctionPolicy", "DeleteBatchFunctionPolicy",
            "StepStatusChangeFunctionPolicy", "SyncBatchStatesFunctionPolicy");
    private static final String BODY = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}";
    private final TestApi setup = new TestApi(aws.context());

    @Test
    void everyRouteReachesTheHandlerMeantForIt() {
        Map<Route, String> routes = new HashMap<>();
        template.functions().forEach(function -> function.routes().forEach(route -> routes.put(route, function.handler())));

        assertThat(routes).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(new Route("GET", "/api/v1/batches"), API + "ListBatchesHandler::handleRequest"),
                Map.entry(new Route("POST", "/api/v1/batches"), API + "CreateBatchHandler::handleRequest"),
                Map.entry(new Route("GET", "/api/v1/batches/{batchId}"), API + "GetBatchHandler::handleRequest"),
                Map.entry(new Route("DELETE", "/api/v1/batches/{batchId}"), API + "DeleteBatchHandler::handleRequest"),
                Map.entry(new Route("GET", "/api/v1/batches/{batchId}/localLog"), API + "GetBatchLocalLogHandler::handleRequest"),
                Map.entry(new Route("ANY", "/api/v1/batches"), API + "MethodNotAllowedHandler::handleRequest"),
                Map.entry(new Route("ANY", "/api/v1/batches/{batchId}"), API + "MethodNotAllowedHandler::handleRequest"),
                Map.entry(new Route("ANY", "/api/v1/batches/{batchId}/localLog"), API + "MethodNotAllowedHandler::handleRequest"),
                Map.entry(new Route("GET", "/api/v1/openapi.json", false), API + "OpenApiHandler::handleRequest"),
                Map.entry(new Route("GET", "/api/v1/ui", false), API + "BatchPageHandler::handleRequest"),
                Map.entry(new Route("GET", "/api/v1/ui/{file}", false), API + "BatchPageHandler::handleRequest")));
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheTemplatesRoutes() {
        Set<Route> routes = new HashSet<>();
        template.functions().forEach(function -> routes.addAll(function.routes()));

        assertThat(OpenApiContract.DOCUMENT.routes()).containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    void everyHandlerStringNamesAHandlerLambdaCanLoadAndCall() throws Exception {
        for (SamTemplate.Function function : template.functions()) {
            String[] handler = function.handler().split("::");
            Class<?> type = Class.forName(handler[0]);

            assertThat(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers())).isTrue();
            assertThat(type.getConstructor().getParameterCount()).isZero();
            if (function.routes().isEmpty()) {
                // EventBridge functions and the authorizer read the event as a stream
                assertThat(RequestStreamHandler.class).as(function.logicalId()).isAssignableFrom(type);
                assertThat(type.getMethod(handler[1], InputStream.class, OutputStream.class, Context.class)).isNotNull();
            } else {
                assertThat(RequestHandler.class).as(function.logicalId()).isAssignableFrom(type);
                assertThat(type.getMethod(handler[1], APIGatewayV2HTTPEvent.class, Context.class)).isNotNull();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTableIsDeclaredExactlyAsTheStoreUsesIt() {
        Map<String, Object> table = template.properties("BatchTable");
        CreateTableRequest expected = BatchTable.createTableRequest("any");

        assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat((List<Map<String, String>>) table.get("AttributeDefinitions"))
                .extracting(definition -> definition.get("AttributeName") + ":" + definition.get("AttributeType"))
                .containsExactlyInAnyOrderElementsOf(expected.attributeDefinitions().stream()
                        .map(definition -> definition.attributeName() + ":" + definition.attributeTypeAsString())
                        .toList());
        assertThat((List<Map<String, String>>) table.get("KeySchema"))
                .extracting(key -> key.get("AttributeName") + ":" + key.get("KeyType"))
                .containsExactly("pk:HASH", "sk:RANGE");
        assertThat((List<Map<String, Object>>) table.get("GlobalSecondaryIndexes"))
                .extracting(index -> index.get("IndexName") + " " + ((List<Map<String, String>>) index.get("KeySchema"))
                        .stream().map(key -> key.get("AttributeName") + ":" + key.get("KeyType")).toList()
                        + " " + ((Map<String, Object>) index.get("Projection")).get("ProjectionType")
                        + " " + ((Map<String, Object>) index.get("Projection")).get("NonKeyAttributes"))
                .containsExactlyInAnyOrderElementsOf(expected.globalSecondaryIndexes().stream()
                        .map(index -> index.indexName() + " " + index.keySchema().stream()
                                .map(key -> key.attributeName() + ":" + key.keyTypeAsString()).toList()
                                + " " + index.projection().projectionTypeAsString()
                                + " " + (index.projection().hasNonKeyAttributes() ? index.projection().nonKeyAttributes() : null))
                        .toList());
        assertThat(table.get("TimeToLiveSpecification")).isEqualTo(Map.of("AttributeName", BatchTable.EXPIRE_AT, "Enabled", true));
        assertThat(table.get("PointInTimeRecoverySpecification")).isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
        assertThat(((Map<?, ?>) table.get("StreamSpecification")).get("StreamViewType"))
                .isEqualTo(BatchTable.createTableRequest(LocalAws.TABLE).streamSpecification().streamViewTypeAsString());
    }

    private static final List<String> STREAM_READS = List.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
            "dynamodb:GetShardIterator", "dynamodb:ListStreams");

    @Test
    void eachFunctionBuildsAtItsInitTheClientsOfExactlyTheServicesItMayCall() throws Exception {
        Map<String, AwsService> services = Map.of("dynamodb", AwsService.DYNAMODB, "elasticmapreduce", AwsService.EMR,
                "s3", AwsService.S3, "secretsmanager", AwsService.SECRETS_MANAGER, "events", AwsService.EVENTBRIDGE);
        aws.users(Map.of("alice", "alice-pw"));
        for (SamTemplate.Function function : template.functions()) {
            Set<AwsService> allowed = new TreeSet<>();
            function.statements().stream()
                    .filter(statement -> !writesItsLog(function, statement) && !readsItsStream(function, statement))
                    .flatMap(statement -> SamTemplate.actions(statement).stream())
                    .map(action -> services.get(action.substring(0, action.indexOf(':'))))
                    .filter(Objects::nonNull)
                    .forEach(allowed::add);
            AppContext context = aws.context(Map.of("AUTH_MODE", "BASIC"));
            Class<?> handler = Class.forName(function.handler().split("::")[0]);
            handler.getConstructor(AppContext.class).newInstance(context);

            assertThat(new TreeSet<>(context.aws().built())).as(function.logicalId()).isEqualTo(allowed);
        }
    }

    @Test
    void eachFunctionMayCallExactlyTheAwsActionsItsCodeCalls() {
        Map<String, Set<String>> called = new HashMap<>(Map.of(
                "ListBatchesFunction", calls(instances -> {
                    TestApi api = new TestApi(instances.apply(Map.of()));
                    setup.create("alice", BODY);
                    api.list("alice");
                    api.list("alice", "batchUser", "alice", "batchState", "PENDING", "createTime", "1", "endTime", "9");
                    api.list("alice", "batchState", "PENDING");
                    api.list("alice", "batchType", "SPARK");
                    api.list("alice", "batchName", "x");
                }),
                "CreateBatchFunction", calls(instances -> {
                    TestApi api = new TestApi(instances.apply(Map.of()));
                    String id = UUID.randomUUID().toString();
                    String withId = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\","
                            + "\"conf\":{\"kyuubi.batch.id\":\"" + id + "\"}}";
                    api.create("alice", withId);
                    api.create("alice", withId);
                    String raced = UUID.randomUUID().toString();
                    aws.faults().interleaveBefore(request -> request instanceof AddJobFlowStepsRequest,
                            () -> setup.kill("alice", raced));
                    api.create("alice", withId.replace(id, raced));
                    new TestApi(instances.apply(Map.of("EMR_CLUSTER_ID", terminatedCluster()))).create("alice", BODY);
                    api.createEvent(upload());
                    new TestApi(instances.apply(Map.of("RUNTIME_ROLE_USERS", "*",
                            "RUNTIME_ROLE_ARNS", "arn:aws:iam::123456789012:role/emr-runtime"))).create("alice", BODY);
                }),
                "GetBatchFunction", calls(instances ->
                        new TestApi(instances.apply(Map.of())).get("alice", setup.create("alice", BODY).string("id"))),
                "DeleteBatchFunction", calls(instances -> {
                    TestApi api = new TestApi(instances.apply(Map.of()));
                    api.kill("alice", setup.create("alice", BODY).string("id"));
                    String lostStep = UUID.randomUUID().toString();
                    aws.faults().crashBefore(StoreCalls::recordsAStep);
                    setup.create("alice", BODY.replace("}", ",\"conf\":{\"kyuubi.batch.id\":\"" + lostStep + "\"}}"));
                    api.kill("alice", lostStep);
                    String neverSubmitted = UUID.randomUUID().toString();
                    aws.faults().crashBefore(request -> request instanceof AddJobFlowStepsRequest);
                    setup.create("alice", BODY.replace("}", ",\"conf\":{\"kyuubi.batch.id\":\"" + neverSubmitted + "\"}}"));
                    api.kill("alice", neverSubmitted);
                    // A kill that ends a batch hands its slot to the queued one, under its runtime role.
                    Map<String, String> small = smallCluster(1, 2);
                    TestApi onSmall = new TestApi(aws.context(small));
                    onSmall.create("alice", BODY);
                    String pendingInEmr = onSmall.create("alice", BODY).string("id");
                    onSmall.create("alice", BODY);
                    new TestApi(instances.apply(small)).kill("alice", pendingInEmr);
                }),
                "GetBatchLocalLogFunction", calls(instances -> {
                    TestApi api = new TestApi(instances.apply(Map.of()));
                    String id = setup.create("alice", BODY).string("id");
                    api.localLog("alice", id, null, 10);
                    api.localLog("alice", id, 0, 10);
                }),
                "SyncBatchStatesFunction", calls(instances -> {
                    setup.create("alice", BODY);
                    aws.faults().crashBefore(StoreCalls::recordsAStep);
                    setup.create("alice", BODY);
                    String agedOut = setup.create("alice", BODY).string("id");
                    aws.setBatchAttribute(agedOut, "stepId", "s-AGEDOUT000000");
                    handle(new SyncBatchStatesHandler(instances.apply(Map.of())), "{}");
                    // A step past its execution limit is cancelled, and its slot goes to the queued batch.
                    Map<String, String> small = smallCluster(10, 1);
                    TestApi onSmall = new TestApi(aws.context(small));
                    String limited = onSmall.create("alice",
                            BODY.replace("}", ",\"conf\":{\"batchapi.executionTimeoutSeconds\":\"1\"}}")).string("id");
                    onSmall.create("alice", BODY);
                    pause(Duration.ofMillis(1100));
                    SyncBatchStatesHandler sync = new SyncBatchStatesHandler(instances.apply(small));
                    handle(sync, "{}");
                    aws.steps().stopStep(small.get("EMR_CLUSTER_ID"), onSmall.get("alice", limited).string("appId"));
                    handle(sync, "{}");
                }),
                "StepStatusChangeFunction", calls(instances -> {
                    String id = setup.create("alice", BODY).string("id");
                    // the step ends (a pending step cancelled in the console), so the batch must change
                    aws.emrClient().cancelSteps(request -> request.clusterId(aws.clusterId()).stepIds(stepIdOf(id)));
                    handle(new StepStatusChangeHandler(instances.apply(Map.of())), stepEvent(aws.clusterId(), stepIdOf(id), id));
                    // The ended step's slot goes to the queued batch; a kill that wins the race cancels the step added.
                    Map<String, String> small = smallCluster(10, 1);
                    TestApi onSmall = new TestApi(aws.context(small));
                    String first = onSmall.create("alice", BODY).string("id");
                    String queued = onSmall.create("alice", BODY).string("id");
                    String firstStep = onSmall.get("alice", first).string("appId");
                    aws.steps().completeStep(small.get("EMR_CLUSTER_ID"), firstStep);
                    aws.faults().interleaveBefore(request -> request instanceof AddJobFlowStepsRequest,
                            () -> onSmall.kill("alice", queued));
                    handle(new StepStatusChangeHandler(instances.apply(small)), stepEvent(small.get("EMR_CLUSTER_ID"),
                            firstStep, first));
                }),
                "PublishStateChangesFunction", calls(instances -> handle(
                        new PublishStateChangesHandler(instances.apply(Map.of())), sampleEvent("publish-state-changes.json"))),
                "MethodNotAllowedFunction", Set.of(),
                "BasicAuthorizerFunction", calls(instances -> {
                    aws.users(Map.of("alice", "alice-pw"));
                    BasicAuthGateway gateway = new BasicAuthGateway(instances.apply(Map.of("AUTH_MODE", "BASIC")));
                    gateway.authorize(ApiEvents.request("GET", "/api/v1/batches").withBasicAuth("alice", "alice-pw").build());
                    gateway.authorize(ApiEvents.request("GET", "/api/v1/batches").withBasicAuth("alice", "wrong-pw").build());
                })));
        // Past Map.of's ten entries. They answer from what they hold, as MethodNotAllowedFunction does.
        called.put("OpenApiFunction", Set.of());
        called.put("BatchPageFunction", Set.of());

        for (SamTemplate.Function function : template.functions()) {
            Set<String> allowed = new TreeSet<>();
            function.statements().stream()
                    .filter(statement -> !writesItsLog(function, statement) && !readsItsStream(function, statement))
                    .forEach(statement -> allowed.addAll(SamTemplate.actions(statement)));
            assertThat(allowed).as(function.logicalId()).isEqualTo(called.get(function.logicalId()));
        }
    }

    @Test
    void eachFunctionWritesItsOwnLogGroupAndNoOther() {
        for (SamTemplate.Function function : template.functions()) {
            String logGroup = ProjectTemplate.logGroupOf(function);
            assertThat(function.statements()).as(function.logicalId())
                    .filteredOn(statement -> SamTemplate.actions(statement).stream().anyMatch(action -> action.startsWith("logs:")))
                    .singleElement()
                    .satisfies(statement -> {
                        assertThat(SamTemplate.actions(statement)).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
                        assertThat(statement.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", logGroup + ".Arn"));
                    });
            // It exists exactly when the function does.
            assertThat(template.resources().get(logGroup).get("Condition")).as(logGroup)
                    .isEqualTo(function.condition().orElse(null));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyStatementIsScopedToTheTableItsIndexesTheClusterOrItsBucketPrefixes() {
        Object table = Map.of("Fn::GetAtt", "BatchTable.Arn");
        String defaultCluster = "arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${EmrClusterId}";
        // the default cluster, and the extra ones if any (ClustersTemplateTest resolves it)
        Object clusters = Map.of("Fn::If", List.of("HasExtraClusters",
                Map.of("Fn::Split", List.of(",", Map.of("Fn::Sub", List.of(
                        defaultCluster + ",arn:*:elasticmapreduce:*:*:cluster/${Extra}",
                        Map.of("Extra", Map.of("Fn::Join", List.of(",arn:*:elasticmapreduce:*:*:cluster/",
                                Map.of("Ref", "ExtraClusterIds")))))))),
                Map.of("Fn::Sub", defaultCluster)));
        for (SamTemplate.Function function : template.functions()) {
            for (Map<String, Object> statement : function.statements()) {
                assertThat(statement.get("Effect")).isEqualTo("Allow");
                List<String> actions = SamTemplate.actions(statement);
                for (Object resource : SamTemplate.resources(statement)) {
                    if (actions.equals(List.of("iam:PassRole"))) {
                        // only the runtime roles of the map
                        assertThat(resource).isEqualTo(Map.of("Ref", "RuntimeRoleArns"));
                    } else if (writesItsLog(function, statement)) {
                        assertThat(actions).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
                    } else if (readsItsStream(function, statement)) {
                        assertThat(actions).containsExactlyInAnyOrderElementsOf(STREAM_READS);
                    } else if (actions.equals(List.of("events:PutEvents"))) {
                        assertThat(resource).isEqualTo(Map.of("Fn::Sub",
                                "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${EventBusName}"));
                    } else if (actions.equals(List.of("secretsmanager:GetSecretValue"))) {
                        assertThat(resource).isEqualTo(Map.of("Ref", "UsersSecret"));
                    } else if (actions.equals(List.of("s3:GetObject"))) {
                        assertThat(resource).isEqualTo(Map.of("Fn::If", List.of("HasExtraClusters",
                                Map.of("Fn::Sub", "arn:${AWS::Partition}:s3:::${LogBucket}/${LogPrefix}j-*/steps/*"),
                                Map.of("Fn::Sub", "arn:${AWS::Partition}:s3:::${LogBucket}/${LogPrefix}${EmrClusterId}/steps/*"))));
                    } else if (actions.equals(List.of("s3:PutObject"))) {
                        assertThat(resource).isEqualTo(Map.of("Fn::Sub", "${ArtifactBucket.Arn}/uploads/*"));
                    } else if (actions.stream().allMatch(action -> action.startsWith("elasticmapreduce:"))) {
                        assertThat(resource).as(function.logicalId()).isEqualTo(clusters);
                    } else {
                        assertThat(actions).allMatch(action -> action.startsWith("dynamodb:"));
                        assertThat(resource).as(function.logicalId()).satisfiesAnyOf(
                                value -> assertThat(value).isEqualTo(table),
                                value -> assertThat(((Map<String, String>) value).get("Fn::Sub"))
                                        .matches("\\$\\{BatchTable\\.Arn}/index/(" + String.join("|", BatchTable.INDEXES.stream()
                                                .map(BatchTable.Index::name).toList()) + ")"));
                    }
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteIsAuthorizedAsTheDeploymentsAuthModeSays() {
        Map<String, Object> mode = (Map<String, Object>) ((Map<String, Object>) template.root().get("Parameters")).get("AuthMode");
        assertThat(mode.get("Default")).isEqualTo("IAM");
        // NONE is for the local stack only: a deployment cannot choose it.
        assertThat(mode.get("AllowedValues")).isEqualTo(List.of("IAM", "BASIC", "JWT"));
        assertThat(((Map<String, Object>) template.root().get("Mappings")).get("AuthModes")).isEqualTo(Map.of(
                "IAM", Map.of("AuthorizationType", "AWS_IAM"),
                "BASIC", Map.of("AuthorizationType", "CUSTOM"),
                "JWT", Map.of("AuthorizationType", "JWT")));

        Map<String, Map<String, Object>> routes = ProjectTemplate.authorizedRoutes();
        assertThat(routes).hasSize(8);
        routes.forEach((id, route) -> {
            assertThat(route.get("AuthorizationType")).as(id)
                    .isEqualTo(Map.of("Fn::FindInMap", List.of("AuthModes", Map.of("Ref", "AuthMode"), "AuthorizationType")));
            assertThat(route.get("AuthorizerId")).as(id).isEqualTo(Map.of("Fn::If", List.of("IsBasic",
                    Map.of("Ref", "BasicAuthorizer"),
                    Map.of("Fn::If", List.of("IsJwt", Map.of("Ref", "JwtAuthorizer"), Map.of("Ref", "AWS::NoValue"))))));
        });

        Map<String, Object> basic = template.properties("BasicAuthorizer");
        assertThat(basic).containsEntry("AuthorizerType", "REQUEST").containsEntry("AuthorizerPayloadFormatVersion", "2.0")
                .containsEntry("EnableSimpleResponses", true).doesNotContainKey("IdentitySource");
        assertThat(template.requestAuthorizerFunction()).contains("BasicAuthorizerFunction");
        Map<String, Object> jwt = template.properties("JwtAuthorizer");
        assertThat(jwt).containsEntry("AuthorizerType", "JWT")
                .containsEntry("IdentitySource", List.of("$request.header.Authorization"))
                .containsEntry("JwtConfiguration", Map.of("Issuer", Map.of("Ref", "JwtIssuer"),
                        "Audience", Map.of("Ref", "JwtAudience")));
        assertThat(template.resources().get("BasicAuthorizer").get("Condition")).isEqualTo("IsBasic");
        assertThat(template.resources().get("JwtAuthorizer").get("Condition")).isEqualTo("IsJwt");
        assertThat(template.conditionHolds("IsBasic", Map.of())).isFalse();
        assertThat(template.conditionHolds("IsJwt", Map.of("AuthMode", "JWT"))).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentsAndTheBatchPagesRoutesArePublicInEveryAuthModeAndNoOther() {
        Map<String, String> publicRoutes = Map.of("OpenApiRoute", "GET /api/v1/openapi.json",
                "BatchPageRoute", "GET /api/v1/ui", "BatchPageFileRoute", "GET /api/v1/ui/{file}");
        assertThat(ProjectTemplate.resourcesOfType("AWS::ApiGatewayV2::Route").keySet()).containsAll(
                ProjectTemplate.authorizedRoutes().keySet()).containsAll(publicRoutes.keySet())
                .hasSize(ProjectTemplate.authorizedRoutes().size() + publicRoutes.size());

        publicRoutes.forEach((id, routeKey) -> {
            for (String mode : List.of("IAM", "BASIC", "JWT")) {
                Map<String, Object> deployed = (Map<String, Object>) template.asDeployed(template.properties(id),
                        Map.of("AuthMode", mode, "JwtRequiredScopes", "batches/read"));
                assertThat(deployed).as(id + " in " + mode).containsEntry("RouteKey", routeKey)
                        .containsEntry("AuthorizationType", "NONE")
                        .doesNotContainKeys("AuthorizerId", "AuthorizationScopes");
            }
        });
    }

    @Test
    void withRuntimeRolesEveryFunctionThatAddsStepsMustNameOneOfTheMappedRoles() {
        Map<String, String> withRoles = Map.of("RuntimeRoleUsers", "*",
                "RuntimeRoleArns", "arn:aws:iam::123456789012:role/emr-a,arn:aws:iam::123456789012:role/emr-b");

        for (String policy : STEP_ADDERS) {
            assertThat(statementsAllowing(policy, "elasticmapreduce:AddJobFlowSteps", withRoles)).as(policy).singleElement()
                    .satisfies(submit -> {
                        assertThat(SamTemplate.actions(submit)).containsExactly("elasticmapreduce:AddJobFlowSteps");
                        // StringEquals on the roles, and the key must be there: no step without a role
                        assertThat(submit.get("Condition")).isEqualTo(Map.of(
                                "StringEquals", Map.of("elasticmapreduce:ExecutionRoleArn", Map.of("Ref", "RuntimeRoleArns")),
                                "Null", Map.of("elasticmapreduce:ExecutionRoleArn", "false")));
                    });
            assertThat(statementsAllowing(policy, "iam:PassRole", withRoles)).as(policy).singleElement().satisfies(passRole -> {
                assertThat(SamTemplate.actions(passRole)).containsExactly("iam:PassRole");
                assertThat(passRole.get("Resource")).isEqualTo(Map.of("Ref", "RuntimeRoleArns"));
                assertThat(passRole.get("Condition")).isEqualTo(Map.of(
                        "StringEquals", Map.of("iam:PassedToService", "elasticmapreduce.amazonaws.com")));
            });
            // Cancelling names no role: never under the step's condition.
            assertThat(statementsAllowing(policy, "elasticmapreduce:CancelSteps", withRoles)).as(policy).singleElement()
                    .satisfies(cancel -> assertThat(cancel).doesNotContainKey("Condition"));
        }
    }

    @Test
    void withoutRuntimeRolesAStepNamesNoRoleAndNoRoleMayBePassed() {
        assertThat(template.conditionHolds("HasRuntimeRoles", Map.of())).isFalse();
        for (String policy : STEP_ADDERS) {
            assertThat(statementsAllowing(policy, "elasticmapreduce:AddJobFlowSteps", Map.of())).as(policy).singleElement()
                    .satisfies(submit -> assertThat(submit).doesNotContainKey("Condition"));
            assertThat(statementsAllowing(policy, "iam:PassRole", Map.of())).as(policy).isEmpty();
        }
    }

    @Test
    void theStageThrottlesEveryRoute() {
        assertThat(template.properties("BatchApiStage").get("DefaultRouteSettings")).isEqualTo(Map.of(
                "ThrottlingRateLimit", Map.of("Ref", "ThrottlingRateLimit"),
                "ThrottlingBurstLimit", Map.of("Ref", "ThrottlingBurstLimit")));
    }

    @Test
    void onlyApiGatewayOnThisApiMayInvokeTheFunctions() {
        Map<String, Map<String, Object>> permissions = ProjectTemplate.resourcesOfType("AWS::Lambda::Permission");
        assertThat(permissions).hasSize(9);
        permissions.forEach((id, permission) -> {
            assertThat(permission).as(id).containsEntry("Principal", "apigateway.amazonaws.com")
                    .containsEntry("Action", "lambda:InvokeFunction");
            assertThat(permission.get("SourceArn")).as(id).isIn(
                    Map.of("Fn::Sub", "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${BatchApi}/*"),
                    Map.of("Fn::Sub", "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${BatchApi}"
                            + "/authorizers/${BasicAuthorizer}"));
        });
        ProjectTemplate.resourcesOfType("AWS::ApiGatewayV2::Integration").forEach((id, integration) ->
                assertThat(integration).as(id).containsEntry("IntegrationType", "AWS_PROXY")
                        .containsEntry("PayloadFormatVersion", "2.0"));
    }

    /** The create function's statements that allow the action, as deployed with the parameters. */
    private static List<Map<String, Object>> statementsAllowing(String policy, String action, Map<String, String> parameters) {
        return ProjectTemplate.statementsAsDeployed(template.properties(policy).get("PolicyDocument"),
                parameters).stream().filter(statement -> SamTemplate.actions(statement).contains(action)).toList();
    }

    /** Whether the statement is the one that lets Lambda write the function's own log. */
    private static boolean writesItsLog(SamTemplate.Function function, Map<String, Object> statement) {
        return Map.of("Fn::GetAtt", ProjectTemplate.logGroupOf(function) + ".Arn").equals(statement.get("Resource"));
    }

    /**
     * A statement of what Lambda's event source mapping reads the table's stream with, as the function's
     * role: the mapping calls it, not the function's code, and only a function the stream triggers has it.
     */
    private static boolean readsItsStream(SamTemplate.Function function, Map<String, Object> statement) {
        return Map.of("Fn::GetAtt", "BatchTable.StreamArn").equals(statement.get("Resource"))
                && function.tableStreams().equals(List.of("BatchTable"));
    }

    private static String sampleEvent(String file) {
        try {
            return Files.readString(Path.of("..", "events", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /**
     * The IAM actions of every AWS call the function made while {@code scenario} ran; the scenario
     * gets the function's instances (with environment overrides) and drives them through its paths.
     */
    private static Set<String> calls(Consumer<Function<Map<String, String>, AppContext>> scenario) {
        SdkCallRecorder recorder = new SdkCallRecorder();
        scenario.accept(environment -> aws.contextWith(environment, recorder));
        return recorder.distinctActions();
    }

    /** Feeds an EventBridge event to a function as Lambda would (a stream in, a stream out). */
    private static void handle(RequestStreamHandler handler, String event) {
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A multipart create: the request and a jar. */
    private static APIGatewayV2HTTPEvent upload() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"batchRequest\"\r\n\r\n" + BODY
                + "\r\n--b\r\nContent-Disposition: form-data; name=\"resourceFile\"; filename=\"app.jar\"\r\n\r\n"
                + "PK\u0003\u0004jar\r\n--b--\r\n";
        APIGatewayV2HTTPEvent event = ApiEvents.request("POST", "/api/v1/batches").asIamUser("alice")
                .header("content-type", "multipart/form-data; boundary=b").build();
        event.setBody(body);
        return event;
    }

    private String stepIdOf(String batchId) {
        return setup.get("alice", batchId).string("appId");
    }

    /**
     * The environment of functions on a new cluster that runs {@code concurrency} steps at once and
     * of which they keep {@code limit} active, whose batches run under a runtime role.
     */
    private static Map<String, String> smallCluster(int concurrency, int limit) {
        String cluster = aws.emr().createCluster(ClusterSpec.named("small").withStepConcurrencyLevel(concurrency));
        return Map.of("EMR_CLUSTER_ID", cluster, "MAX_ACTIVE_STEPS", Integer.toString(limit),
                "RUNTIME_ROLE_USERS", "*", "RUNTIME_ROLE_ARNS", "arn:aws:iam::123456789012:role/emr-runtime");
    }

    private static String stepEvent(String clusterId, String stepId, String name) {
        return "{\"detail\":{\"clusterId\":\"" + clusterId + "\",\"stepId\":\"" + stepId + "\",\"name\":\"" + name
                + "\",\"state\":\"RUNNING\"}}";
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String terminatedCluster() {
        String cluster = aws.emr().createCluster(ClusterSpec.named("terminated"));
        aws.emr().terminateCluster(cluster, ClusterState.TERMINATED,
                ClusterStateChangeReason.of(ClusterStateChangeReasonCode.USER_REQUEST, "test"));
        return cluster;
    }
}
