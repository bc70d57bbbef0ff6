package dev.batchapi.local.emr.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.AwsErrors;
import dev.batchapi.local.awsjson.AwsJsonService;
import dev.batchapi.local.emr.cluster.Cluster;
import dev.batchapi.local.emr.cluster.EmrClusters;
import dev.batchapi.local.emr.step.StepCancellationOption;
import dev.batchapi.local.emr.step.StepPage;
import dev.batchapi.local.emr.step.StepQuery;
import dev.batchapi.local.emr.step.StepState;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** EMR over the AWS JSON 1.1 protocol: reads each operation's request, runs it, writes EMR's answer. */
public final class EmrJsonService implements AwsJsonService {

    private static final String TARGET_PREFIX = "ElasticMapReduce";

    private static final Set<String> OPERATIONS =
            Arrays.stream(EmrOperation.values()).map(EmrOperation::wireName).collect(Collectors.toUnmodifiableSet());

    private final EmrClusters clusters;

    public EmrJsonService(EmrClusters clusters) {
        this.clusters = Objects.requireNonNull(clusters, "clusters");
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    @Override
    public String jsonVersion() {
        return "1.1";
    }

    @Override
    public Set<String> operations() {
        return OPERATIONS;
    }

    /** The server only passes on {@link #operations()}; a test may call any name directly. */
    @Override
    public ObjectNode handle(String operation, JsonNode request) {
        EmrOperation known = EmrOperation.named(operation)
                .orElseThrow(() -> AwsErrors.unknownOperation(TARGET_PREFIX + "." + operation));
        JsonRequest body = JsonRequest.of(request);
        return switch (known) {
            case ADD_JOB_FLOW_STEPS -> addJobFlowSteps(body);
            case CANCEL_STEPS -> cancelSteps(body);
            case DESCRIBE_CLUSTER -> describeCluster(body);
            case DESCRIBE_STEP -> describeStep(body);
            case LIST_STEPS -> listSteps(body);
            case RUN_JOB_FLOW -> runJobFlow(body);
            case TERMINATE_JOB_FLOWS -> terminateJobFlows(body);
        };
    }

    private ObjectNode addJobFlowSteps(JsonRequest request) {
        List<String> stepIds = clusters.addJobFlowSteps(
                request.requiredString("JobFlowId"),
                EmrRequestReader.stepConfigs(request.requiredObjects("Steps")),
                request.optionalString("ExecutionRoleArn"));
        ObjectNode answer = EmrResponseWriter.object();
        ArrayNode ids = answer.putArray("StepIds");
        stepIds.forEach(ids::add);
        return answer;
    }

    private ObjectNode cancelSteps(JsonRequest request) {
        ObjectNode answer = EmrResponseWriter.object();
        ArrayNode infos = answer.putArray("CancelStepsInfoList");
        clusters.cancelSteps(
                        request.requiredString("ClusterId"),
                        request.requiredStrings("StepIds"),
                        request.optionalEnum("StepCancellationOption", StepCancellationOption.class)
                                .orElse(StepCancellationOption.SEND_INTERRUPT))
                .forEach(cancellation -> infos.add(EmrResponseWriter.cancellation(cancellation)));
        return answer;
    }

    private ObjectNode describeCluster(JsonRequest request) {
        Cluster cluster = clusters.describeCluster(request.requiredString("ClusterId"));
        ObjectNode answer = EmrResponseWriter.object();
        answer.set("Cluster", EmrResponseWriter.cluster(cluster));
        return answer;
    }

    private ObjectNode describeStep(JsonRequest request) {
        ObjectNode answer = EmrResponseWriter.object();
        answer.set("Step", EmrResponseWriter.step(
                clusters.describeStep(request.requiredString("ClusterId"), request.requiredString("StepId"))));
        return answer;
    }

    private ObjectNode listSteps(JsonRequest request) {
        StepQuery query = new StepQuery(
                Set.copyOf(request.enums("StepStates", StepState.class)),
                Set.copyOf(request.strings("StepIds")),
                request.optionalString("Marker"));
        StepPage page = clusters.listSteps(request.requiredString("ClusterId"), query);
        ObjectNode answer = EmrResponseWriter.object();
        ArrayNode steps = answer.putArray("Steps");
        page.steps().forEach(step -> steps.add(EmrResponseWriter.stepSummary(step)));
        page.marker().ifPresent(marker -> answer.put("Marker", marker));
        return answer;
    }

    private ObjectNode runJobFlow(JsonRequest request) {
        Cluster cluster = clusters.runJobFlow(
                EmrRequestReader.clusterSpec(request),
                EmrRequestReader.stepConfigs(request.objects("Steps")));
        return EmrResponseWriter.object()
                .put("JobFlowId", cluster.id())
                .put("ClusterArn", cluster.arn());
    }

    private ObjectNode terminateJobFlows(JsonRequest request) {
        clusters.terminateJobFlows(request.requiredStrings("JobFlowIds"));
        return EmrResponseWriter.object();
    }
}
