package dev.batchapi.local.emr.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.EpochSeconds;
import dev.batchapi.local.emr.cluster.Cluster;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.cluster.ClusterStatus;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.HadoopJarStep;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepCancellation;
import dev.batchapi.local.emr.step.StepTimeline;
import java.time.Instant;
import java.util.Optional;

/** Writes the emulator's values in EMR's response shapes; members without a value are left out, as EMR does. */
final class EmrResponseWriter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The emulator's "master node" is this machine: the local stack runs the steps here. */
    private static final String MASTER_PUBLIC_DNS_NAME = "localhost";

    private EmrResponseWriter() {
    }

    static ObjectNode object() {
        return JSON.objectNode();
    }

    static ObjectNode cluster(Cluster cluster) {
        ClusterSpec spec = cluster.spec();
        ObjectNode json = object()
                .put("Id", cluster.id())
                .put("Name", cluster.name())
                .put("ClusterArn", cluster.arn())
                .put("StepConcurrencyLevel", spec.stepConcurrencyLevel())
                .put("AutoTerminate", spec.autoTerminate())
                .put("TerminationProtected", spec.terminationProtected())
                .put("VisibleToAllUsers", spec.visibleToAllUsers());
        json.set("Status", clusterStatus(cluster.status()));
        spec.logUri().ifPresent(uri -> json.put("LogUri", uri));
        spec.releaseLabel().ifPresent(label -> json.put("ReleaseLabel", label));
        ArrayNode applications = json.putArray("Applications");
        spec.applications().forEach(application -> {
            ObjectNode entry = applications.addObject().put("Name", application.name());
            application.version().ifPresent(version -> entry.put("Version", version));
        });
        // EMR names the master node once the cluster has been ready.
        cluster.status().timeline().ready().ifPresent(ready -> json.put("MasterPublicDnsName", MASTER_PUBLIC_DNS_NAME));
        return json;
    }

    /** DescribeStep's Step: the summary and the runtime role. */
    static ObjectNode step(Step step) {
        ObjectNode json = stepSummary(step);
        step.executionRoleArn().ifPresent(arn -> json.put("ExecutionRoleArn", arn));
        return json;
    }

    /** ListSteps' StepSummary. */
    static ObjectNode stepSummary(Step step) {
        ObjectNode json = object()
                .put("Id", step.id())
                .put("Name", step.name())
                .put("ActionOnFailure", step.config().actionOnFailure().name());
        json.set("Config", hadoopStepConfig(step.config().hadoopJarStep()));
        ObjectNode status = json.putObject("Status").put("State", step.state().name());
        // EMR's step StateChangeReason only has the code NONE, and it leaves even that out.
        status.putObject("StateChangeReason");
        step.failureDetails().ifPresent(details -> status.set("FailureDetails", failureDetails(details)));
        status.set("Timeline", stepTimeline(step.timeline()));
        return json;
    }

    static ObjectNode cancellation(StepCancellation cancellation) {
        ObjectNode json = object()
                .put("StepId", cancellation.stepId())
                .put("Status", cancellation.status().name());
        cancellation.reason().ifPresent(reason -> json.put("Reason", reason));
        return json;
    }

    private static ObjectNode clusterStatus(ClusterStatus status) {
        ObjectNode json = object().put("State", status.state().name());
        ObjectNode reason = json.putObject("StateChangeReason");
        status.reason().code().ifPresent(code -> reason.put("Code", code.name()));
        if (!status.reason().message().isEmpty()) {
            reason.put("Message", status.reason().message());
        }
        ObjectNode timeline = json.putObject("Timeline");
        timeline.put("CreationDateTime", EpochSeconds.of(status.timeline().creation()));
        putTime(timeline, "ReadyDateTime", status.timeline().ready());
        putTime(timeline, "EndDateTime", status.timeline().end());
        return json;
    }

    /** HadoopStepConfig: like the request's HadoopJarStepConfig, but Properties is a map here. */
    private static ObjectNode hadoopStepConfig(HadoopJarStep jarStep) {
        ObjectNode json = object().put("Jar", jarStep.jar());
        jarStep.mainClass().ifPresent(mainClass -> json.put("MainClass", mainClass));
        ObjectNode properties = json.putObject("Properties");
        jarStep.properties().forEach(properties::put);
        ArrayNode args = json.putArray("Args");
        jarStep.args().forEach(args::add);
        return json;
    }

    private static ObjectNode failureDetails(FailureDetails details) {
        ObjectNode json = object();
        details.reason().ifPresent(reason -> json.put("Reason", reason));
        details.message().ifPresent(message -> json.put("Message", message));
        details.logFile().ifPresent(logFile -> json.put("LogFile", logFile));
        return json;
    }

    private static ObjectNode stepTimeline(StepTimeline timeline) {
        ObjectNode json = object().put("CreationDateTime", EpochSeconds.of(timeline.creation()));
        putTime(json, "StartDateTime", timeline.start());
        putTime(json, "EndDateTime", timeline.end());
        return json;
    }

    private static void putTime(ObjectNode json, String member, Optional<Instant> time) {
        time.ifPresent(instant -> json.put(member, EpochSeconds.of(instant)));
    }
}
