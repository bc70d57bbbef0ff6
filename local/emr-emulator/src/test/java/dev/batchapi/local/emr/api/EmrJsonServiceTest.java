package dev.batchapi.local.emr.api;

import static dev.batchapi.local.emr.EmrFixture.eventually;
import static dev.batchapi.local.emr.EmrFixture.sparkStep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.batchapi.local.emr.EmrFixture;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.Application;
import software.amazon.awssdk.services.emr.model.CancelStepsInfo;
import software.amazon.awssdk.services.emr.model.CancelStepsRequestStatus;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.ClusterStateChangeReasonCode;
import software.amazon.awssdk.services.emr.model.EmrException;
import software.amazon.awssdk.services.emr.model.HadoopJarStepConfig;
import software.amazon.awssdk.services.emr.model.InvalidRequestException;
import software.amazon.awssdk.services.emr.model.KeyValue;
import software.amazon.awssdk.services.emr.model.ListStepsResponse;
import software.amazon.awssdk.services.emr.model.Step;
import software.amazon.awssdk.services.emr.model.StepCancellationOption;
import software.amazon.awssdk.services.emr.model.StepConfig;
import software.amazon.awssdk.services.emr.model.StepState;
import software.amazon.awssdk.services.emr.model.StepSummary;

/** Every operation of the emulated EMR API, through the real SDK client. */
class EmrJsonServiceTest {

    private final EmrFixture fixture = new EmrFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private Step describe(String clusterId, String stepId) {
        return fixture.emr.describeStep(request -> request.clusterId(clusterId).stepId(stepId)).step();
    }

    private Cluster describe(String clusterId) {
        return fixture.emr.describeCluster(request -> request.clusterId(clusterId)).cluster();
    }

    private static void assertEmrError(Throwable thrown, String errorCode, String message) {
        assertThat(thrown).isInstanceOf(EmrException.class);
        EmrException error = (EmrException) thrown;
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(errorCode);
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    @Nested
    class AddJobFlowSteps {

        @Test
        void answersStepIdsShapedLikeEmrsInSubmissionOrder() {
            String clusterId = fixture.cluster(1);

            List<String> stepIds = fixture.addSteps(clusterId, "a", "b", "c");

            assertThat(clusterId).matches("j-[0-9A-Z]{13}");
            assertThat(stepIds).hasSize(3).doesNotHaveDuplicates().allMatch(id -> id.matches("s-[0-9A-Z]{13}"));
            assertThat(fixture.emulator.steps(clusterId)).extracting(step -> step.name()).containsExactly("a", "b", "c");
        }

        @Test
        void refusesAnUnknownJobFlow() {
            Throwable thrown = catchThrowable(() -> fixture.addStep("j-NOSUCHCLUSTER", "a"));

            assertEmrError(thrown, "ValidationException", "Specified job flow ID not valid");
        }

        @Test
        void refusesATerminatedCluster() {
            String clusterId = fixture.cluster(1);
            fixture.emr.terminateJobFlows(request -> request.jobFlowIds(clusterId));

            Throwable thrown = catchThrowable(() -> fixture.addStep(clusterId, "a"));

            assertEmrError(thrown, "ValidationException",
                    "A job flow that is shutting down, terminated, or finished may not be modified.");
        }

        @Test
        void refusesMoreThan256ActiveSteps() {
            String clusterId = fixture.cluster(1);
            List<String> stepIds = fixture.addSteps(clusterId, IntStream.range(0, 256).mapToObj(i -> "step-" + i).toArray(String[]::new));

            Throwable thrown = catchThrowable(() -> fixture.addStep(clusterId, "one-too-many"));

            assertEmrError(thrown, "ValidationException",
                    "Maximum number of active steps(State = 'Running', 'Pending' or 'Cancel_Pending') for cluster exceeded.");
            fixture.runner.completeStep(clusterId, stepIds.get(0));
            String fitsAgain = fixture.addStep(clusterId, "fits-again");
            assertThat(describe(clusterId, fitsAgain).status().state()).isEqualTo(StepState.PENDING);
        }

        @Test
        void refusesAnythingButContinueWhenStepsRunConcurrently() {
            String clusterId = fixture.cluster(2);
            StepConfig terminating = sparkStep("a").toBuilder().actionOnFailure(ActionOnFailure.TERMINATE_CLUSTER).build();

            Throwable thrown = catchThrowable(() ->
                    fixture.emr.addJobFlowSteps(request -> request.jobFlowId(clusterId).steps(sparkStep("ok"), terminating)));

            assertThat(thrown).isInstanceOf(EmrException.class);
            assertThat(((EmrException) thrown).awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(thrown.getMessage()).contains("ActionOnFailure TERMINATE_CLUSTER");
            assertThat(fixture.emulator.steps(clusterId)).as("all or nothing").isEmpty();
        }

        @Test
        void acceptsAnyActionOnFailureWhenStepsRunOneAtATime() {
            String clusterId = fixture.cluster(1);
            StepConfig waiting = sparkStep("a").toBuilder().actionOnFailure(ActionOnFailure.CANCEL_AND_WAIT).build();

            fixture.emr.addJobFlowSteps(request -> request.jobFlowId(clusterId).steps(waiting));

            assertThat(describe(clusterId, fixture.emulator.steps(clusterId).get(0).id()).actionOnFailure())
                    .isEqualTo(ActionOnFailure.CANCEL_AND_WAIT);
        }

        @Test
        void refusesAStepNameLongerThan256Characters() {
            String clusterId = fixture.cluster(1);

            Throwable thrown = catchThrowable(() -> fixture.addStep(clusterId, "n".repeat(257)));

            assertThat(thrown).isInstanceOf(EmrException.class);
            assertThat(((EmrException) thrown).awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(thrown.getMessage()).contains("'steps.1.member.name'", "length less than or equal to 256");
            String longestName = fixture.addStep(clusterId, "n".repeat(256));
            Step added = describe(clusterId, longestName);
            assertThat(added.status().state()).isEqualTo(StepState.RUNNING);
            assertThat(added.name()).hasSize(256);
        }

        @Test
        void refusesAStepWithoutItsJar() {
            String clusterId = fixture.cluster(1);
            StepConfig noJar = sparkStep("a").toBuilder().hadoopJarStep(HadoopJarStepConfig.builder().args("x").build()).build();

            Throwable thrown = catchThrowable(() ->
                    fixture.emr.addJobFlowSteps(request -> request.jobFlowId(clusterId).steps(sparkStep("ok"), noJar)));

            assertEmrError(thrown, "ValidationException", "1 validation error detected: Value null at "
                    + "'steps.2.member.hadoopJarStep.jar' failed to satisfy constraint: Member must not be null");
        }

        @Test
        void defaultsAMissingActionOnFailureToTerminateCluster() {
            String clusterId = fixture.cluster(1);
            StepConfig unsaid = sparkStep("a").toBuilder().actionOnFailure((String) null).build();

            String stepId = fixture.emr.addJobFlowSteps(request -> request.jobFlowId(clusterId).steps(unsaid)).stepIds().get(0);

            assertThat(describe(clusterId, stepId).actionOnFailure()).isEqualTo(ActionOnFailure.TERMINATE_CLUSTER);
        }
    }

    @Nested
    class DescribeStep {

        @Test
        void describesTheStepAsSubmittedWithPropertiesAsAMap() {
            String clusterId = fixture.cluster(1);
            StepConfig config = StepConfig.builder()
                    .name("batch-1")
                    .actionOnFailure(ActionOnFailure.CONTINUE)
                    .hadoopJarStep(HadoopJarStepConfig.builder()
                            .jar("command-runner.jar")
                            .mainClass("org.example.Main")
                            .args("spark-submit", "--class", "org.example.Main", "s3://bucket/app.jar")
                            .properties(KeyValue.builder().key("a").value("1").build(),
                                    KeyValue.builder().key("b").value("2").build(),
                                    KeyValue.builder().key("a").value("3").build())
                            .build())
                    .build();
            String stepId = fixture.emr.addJobFlowSteps(request -> request.jobFlowId(clusterId).steps(config)
                    .executionRoleArn("arn:aws:iam::000000000000:role/batch")).stepIds().get(0);

            Step step = describe(clusterId, stepId);

            assertThat(step.id()).isEqualTo(stepId);
            assertThat(step.name()).isEqualTo("batch-1");
            assertThat(step.actionOnFailure()).isEqualTo(ActionOnFailure.CONTINUE);
            assertThat(step.executionRoleArn()).isEqualTo("arn:aws:iam::000000000000:role/batch");
            assertThat(step.config().jar()).isEqualTo("command-runner.jar");
            assertThat(step.config().mainClass()).isEqualTo("org.example.Main");
            assertThat(step.config().args()).containsExactly("spark-submit", "--class", "org.example.Main", "s3://bucket/app.jar");
            assertThat(step.config().properties()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", "3", "b", "2"));
            assertThat(step.status().state()).isEqualTo(StepState.RUNNING);
            assertThat(step.status().stateChangeReason().code()).isNull();
            assertThat(step.status().failureDetails()).isNull();
            assertThat(step.status().timeline().creationDateTime()).isNotNull();
            assertThat(step.status().timeline().startDateTime()).isAfterOrEqualTo(step.status().timeline().creationDateTime());
            assertThat(step.status().timeline().endDateTime()).isNull();
        }

        @Test
        void showsTheFailureDetailsOfAFailedStep() {
            String clusterId = fixture.cluster(1);
            String stepId = fixture.addStep(clusterId, "a");

            fixture.runner.failStep(clusterId, stepId, dev.batchapi.local.emr.step.FailureDetails.of(
                    "Unknown Error.", "Exception in thread main", "s3://logs/j-1/steps/s-1/stderr.gz"));
            Step step = describe(clusterId, stepId);

            assertThat(step.status().state()).isEqualTo(StepState.FAILED);
            assertThat(step.status().failureDetails().reason()).isEqualTo("Unknown Error.");
            assertThat(step.status().failureDetails().message()).isEqualTo("Exception in thread main");
            assertThat(step.status().failureDetails().logFile()).isEqualTo("s3://logs/j-1/steps/s-1/stderr.gz");
            assertThat(step.status().timeline().endDateTime()).isAfterOrEqualTo(step.status().timeline().startDateTime());
        }

        @Test
        void refusesAnUnknownCluster() {
            assertThatThrownBy(() -> describe("j-NOSUCHCLUSTER", "s-NOSUCHSTEP"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("Cluster id 'j-NOSUCHCLUSTER' is not valid.");
        }

        @Test
        void refusesAnUnknownStep() {
            String clusterId = fixture.cluster(1);

            assertThatThrownBy(() -> describe(clusterId, "s-NOSUCHSTEP"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("Step id 's-NOSUCHSTEP' is not valid.");
        }

        @Test
        void writesTimestampsAsEpochSecondsOnTheWire() throws Exception {
            String clusterId = fixture.cluster(1);
            String stepId = fixture.addStep(clusterId, "a");

            HttpResponse<String> answer = post("DescribeStep",
                    "{\"ClusterId\":\"" + clusterId + "\",\"StepId\":\"" + stepId + "\"}");

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
            assertThat(answer.body()).containsPattern("\"CreationDateTime\":\\d{10}\\.\\d{3}[,}]");
        }
    }

    @Nested
    class ListSteps {

        private List<String> addStepsInBatches(String clusterId, int count) {
            List<String> stepIds = new ArrayList<>();
            for (int added = 0; added < count; added += 200) {
                String[] names = IntStream.range(added, Math.min(count, added + 200)).mapToObj(i -> "step-" + i).toArray(String[]::new);
                stepIds.addAll(fixture.addSteps(clusterId, names));
            }
            return stepIds;
        }

        private List<String> idsOf(ListStepsResponse page) {
            return page.steps().stream().map(StepSummary::id).toList();
        }

        @Test
        void pagesFiftyStepsAtATimeNewestFirst() {
            String clusterId = fixture.cluster(1);
            List<String> newestFirst = new ArrayList<>(addStepsInBatches(clusterId, 120));
            Collections.reverse(newestFirst);

            ListStepsResponse first = fixture.emr.listSteps(request -> request.clusterId(clusterId));
            ListStepsResponse second = fixture.emr.listSteps(request -> request.clusterId(clusterId).marker(first.marker()));
            ListStepsResponse third = fixture.emr.listSteps(request -> request.clusterId(clusterId).marker(second.marker()));

            assertThat(first.steps()).hasSize(50);
            assertThat(second.steps()).hasSize(50);
            assertThat(third.steps()).hasSize(20);
            assertThat(third.marker()).isNull();
            List<String> listed = new ArrayList<>(idsOf(first));
            listed.addAll(idsOf(second));
            listed.addAll(idsOf(third));
            assertThat(listed).isEqualTo(newestFirst);
        }

        @Test
        void summarisesEachStepWithItsConfigAndStatus() {
            String clusterId = fixture.cluster(1);
            String stepId = fixture.addStep(clusterId, "a");

            StepSummary summary = fixture.emr.listSteps(request -> request.clusterId(clusterId)).steps().get(0);

            assertThat(summary.id()).isEqualTo(stepId);
            assertThat(summary.name()).isEqualTo("a");
            assertThat(summary.actionOnFailure()).isEqualTo(ActionOnFailure.CONTINUE);
            assertThat(summary.config().jar()).isEqualTo("command-runner.jar");
            assertThat(summary.config().args()).startsWith("spark-submit");
            assertThat(summary.status().state()).isEqualTo(StepState.RUNNING);
            assertThat(summary.status().timeline().startDateTime()).isNotNull();
        }

        @Test
        void paginatorWalksEveryPageInThreeCalls() {
            String clusterId = fixture.cluster(1);
            addStepsInBatches(clusterId, 120);
            fixture.emulator.server().resetCallCounts();

            long listed = fixture.emr.listStepsPaginator(request -> request.clusterId(clusterId)).steps().stream().count();

            assertThat(listed).isEqualTo(120);
            assertThat(fixture.emulator.server().callCount("ListSteps")).isEqualTo(3);
        }

        @Test
        void filtersByState() {
            String clusterId = fixture.cluster(2);
            List<String> stepIds = fixture.addSteps(clusterId, "a", "b", "c", "d");
            fixture.runner.completeStep(clusterId, stepIds.get(0));

            ListStepsResponse active = fixture.emr.listSteps(request -> request.clusterId(clusterId)
                    .stepStates(StepState.RUNNING, StepState.PENDING));

            assertThat(idsOf(active)).containsExactly(stepIds.get(3), stepIds.get(2), stepIds.get(1));
            assertThat(active.steps()).extracting(summary -> summary.status().state())
                    .containsExactly(StepState.PENDING, StepState.RUNNING, StepState.RUNNING);
        }

        @Test
        void filtersByStepIds() {
            String clusterId = fixture.cluster(1);
            List<String> stepIds = fixture.addSteps(clusterId, "a", "b", "c");

            ListStepsResponse chosen = fixture.emr.listSteps(request -> request.clusterId(clusterId)
                    .stepIds(stepIds.get(0), stepIds.get(2), "s-NOSUCHSTEP"));

            assertThat(idsOf(chosen)).containsExactly(stepIds.get(2), stepIds.get(0));
        }

        @Test
        void refusesStepIdsAndStatesTogether() {
            String clusterId = fixture.cluster(1);
            String stepId = fixture.addStep(clusterId, "a");

            assertThatThrownBy(() -> fixture.emr.listSteps(request -> request.clusterId(clusterId)
                    .stepIds(stepId).stepStates(StepState.RUNNING)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("Cannot specify both StepIds and StepStates.");
        }

        @Test
        void refusesMoreThanTenStepIds() {
            String clusterId = fixture.cluster(1);
            List<String> eleven = IntStream.range(0, 11).mapToObj(i -> "s-" + i).toList();

            assertThatThrownBy(() -> fixture.emr.listSteps(request -> request.clusterId(clusterId).stepIds(eleven)))
                    .isInstanceOf(InvalidRequestException.class);
        }

        @Test
        void refusesAnUnknownState() {
            String clusterId = fixture.cluster(1);

            Throwable thrown = catchThrowable(() -> fixture.emr.listSteps(request -> request.clusterId(clusterId)
                    .stepStatesWithStrings("SLEEPING")));

            assertEmrError(thrown, "ValidationException", "1 validation error detected: Value 'SLEEPING' at 'stepStates' "
                    + "failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[PENDING, CANCEL_PENDING, RUNNING, COMPLETED, CANCELLED, FAILED, INTERRUPTED]");
        }

        @Test
        void refusesAMarkerItDidNotMake() {
            String clusterId = fixture.cluster(1);

            assertThatThrownBy(() -> fixture.emr.listSteps(request -> request.clusterId(clusterId).marker("forged")))
                    .isInstanceOf(InvalidRequestException.class);
        }

        @Test
        void showsOnlyTheNewestThousandSteps() {
            // A starting cluster keeps its steps PENDING, so they can be cancelled as fast as they are added.
            String clusterId = fixture.emulator.createCluster(
                    ClusterSpec.named("starting").withInitialState(dev.batchapi.local.emr.cluster.ClusterState.STARTING));
            List<String> stepIds = new ArrayList<>();
            while (stepIds.size() < 1010) {
                List<String> batch = fixture.addSteps(clusterId, IntStream.range(0, 202).mapToObj(i -> "step").toArray(String[]::new));
                fixture.emr.cancelSteps(request -> request.clusterId(clusterId).stepIds(batch));
                stepIds.addAll(batch);
            }

            List<String> listed = fixture.emr.listStepsPaginator(request -> request.clusterId(clusterId)).steps().stream()
                    .map(StepSummary::id).toList();

            assertThat(listed).hasSize(1000).doesNotContainAnyElementsOf(stepIds.subList(0, 10));
            assertThat(describe(clusterId, stepIds.get(0)).status().state()).as("still described").isEqualTo(StepState.CANCELLED);
        }

        @Test
        void keepsPagingRightWhileStepsAreAdded() {
            String clusterId = fixture.cluster(1);
            List<String> stepIds = addStepsInBatches(clusterId, 60);
            ListStepsResponse first = fixture.emr.listSteps(request -> request.clusterId(clusterId));

            fixture.addSteps(clusterId, "late-1", "late-2");
            ListStepsResponse second = fixture.emr.listSteps(request -> request.clusterId(clusterId).marker(first.marker()));

            assertThat(idsOf(second)).containsExactlyElementsOf(reversed(stepIds.subList(0, 10)));
        }

        @Test
        void refusesAnUnknownCluster() {
            assertThatThrownBy(() -> fixture.emr.listSteps(request -> request.clusterId("j-NOSUCHCLUSTER")))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("Cluster id 'j-NOSUCHCLUSTER' is not valid.");
        }

        private List<String> reversed(List<String> ids) {
            List<String> copy = new ArrayList<>(ids);
            Collections.reverse(copy);
            return copy;
        }
    }

    @Nested
    class CancelSteps {

        private List<CancelStepsInfo> cancel(String clusterId, StepCancellationOption option, String... stepIds) {
            return fixture.emr.cancelSteps(request -> request.clusterId(clusterId).stepIds(stepIds).stepCancellationOption(option))
                    .cancelStepsInfoList();
        }

        private List<CancelStepsInfo> cancel(String clusterId, String... stepIds) {
            return fixture.emr.cancelSteps(request -> request.clusterId(clusterId).stepIds(stepIds)).cancelStepsInfoList();
        }

        @Test
        void cancelsAPendingStepAtOnce() {
            String clusterId = fixture.cluster(1);
            List<String> stepIds = fixture.addSteps(clusterId, "running", "pending");

            List<CancelStepsInfo> answer = cancel(clusterId, stepIds.get(1));

            assertThat(answer).singleElement().satisfies(info -> {
                assertThat(info.stepId()).isEqualTo(stepIds.get(1));
                assertThat(info.status()).isEqualTo(CancelStepsRequestStatus.SUBMITTED);
            });
            Step cancelled = describe(clusterId, stepIds.get(1));
            assertThat(cancelled.status().state()).isEqualTo(StepState.CANCELLED);
            assertThat(cancelled.status().timeline().startDateTime()).isNull();
            assertThat(cancelled.status().timeline().endDateTime()).isNotNull();
            assertThat(describe(clusterId, stepIds.get(0)).status().state()).isEqualTo(StepState.RUNNING);
        }

        @Test
        void cancelsARunningStepThroughCancelPendingOnceItsProcessStopped() {
            String clusterId = fixture.cluster(1);
            List<String> stepIds = fixture.addSteps(clusterId, "running", "next");

            List<CancelStepsInfo> answer = cancel(clusterId, stepIds.get(0));

            assertThat(answer).singleElement().extracting(CancelStepsInfo::status).isEqualTo(CancelStepsRequestStatus.SUBMITTED);
            assertThat(describe(clusterId, stepIds.get(0)).status().state()).isEqualTo(StepState.CANCEL_PENDING);
            assertThat(describe(clusterId, stepIds.get(1)).status().state()).as("still holds its place").isEqualTo(StepState.PENDING);

            fixture.runner.stopStep(clusterId, stepIds.get(0));

            assertThat(describe(clusterId, stepIds.get(0)).status().state()).isEqualTo(StepState.CANCELLED);
            assertThat(describe(clusterId, stepIds.get(1)).status().state()).isEqualTo(StepState.RUNNING);
        }

        @Test
        void interruptsWithSigtermByDefaultAndSigkillWhenAsked() {
            String clusterId = fixture.cluster(1);
            String stepId = fixture.addStep(clusterId, "running");

            cancel(clusterId, stepId);
            assertThat(fixture.emulator.step(clusterId, stepId).cancellation())
                    .hasValue(dev.batchapi.local.emr.step.StepCancellationOption.SEND_INTERRUPT);
            assertThat(describe(clusterId, stepId).status().state()).isEqualTo(StepState.CANCEL_PENDING);

            List<CancelStepsInfo> escalated = cancel(clusterId, StepCancellationOption.TERMINATE_PROCESS, stepId);
            assertThat(escalated).singleElement().extracting(CancelStepsInfo::status).isEqualTo(CancelStepsRequestStatus.SUBMITTED);
            assertThat(fixture.emulator.step(clusterId, stepId).cancellation())
                    .hasValue(dev.batchapi.local.emr.step.StepCancellationOption.TERMINATE_PROCESS);
            // SIGKILL ends even a process that SIGTERM did not stop, on the runner's timer thread.
            eventually(() -> assertThat(describe(clusterId, stepId).status().state()).isEqualTo(StepState.CANCELLED));
        }

        @Test
        void failsForStepsAlreadyEndedAndForUnknownSteps() {
            String clusterId = fixture.cluster(1);
            String stepId = fixture.addStep(clusterId, "done");
            fixture.runner.completeStep(clusterId, stepId);

            List<CancelStepsInfo> answer = cancel(clusterId, stepId, "s-NOSUCHSTEP");

            assertThat(answer).extracting(CancelStepsInfo::stepId).containsExactly(stepId, "s-NOSUCHSTEP");
            assertThat(answer).extracting(CancelStepsInfo::status)
                    .containsOnly(CancelStepsRequestStatus.FAILED);
            assertThat(answer.get(0).reason()).contains("COMPLETED");
            assertThat(answer.get(1).reason()).contains("s-NOSUCHSTEP");
            assertThat(describe(clusterId, stepId).status().state()).isEqualTo(StepState.COMPLETED);
        }

        @Test
        void isIdempotent() {
            String clusterId = fixture.cluster(1);
            List<String> stepIds = fixture.addSteps(clusterId, "running", "pending");

            cancel(clusterId, stepIds.toArray(String[]::new));
            List<CancelStepsInfo> again = cancel(clusterId, stepIds.toArray(String[]::new));

            assertThat(again).extracting(CancelStepsInfo::status)
                    .containsExactly(CancelStepsRequestStatus.SUBMITTED, CancelStepsRequestStatus.FAILED);
            assertThat(describe(clusterId, stepIds.get(0)).status().state()).isEqualTo(StepState.CANCEL_PENDING);
            assertThat(describe(clusterId, stepIds.get(1)).status().state()).isEqualTo(StepState.CANCELLED);
        }

        @Test
        void refusesAnUnknownCluster() {
            assertThatThrownBy(() -> cancel("j-NOSUCHCLUSTER", "s-NOSUCHSTEP"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("Cluster id 'j-NOSUCHCLUSTER' is not valid.");
        }
    }

    @Nested
    class DescribeCluster {

        @Test
        void describesTheClusterAsItWasMade() {
            String clusterId = fixture.emulator.createCluster(ClusterSpec.named("batches")
                    .withStepConcurrencyLevel(4)
                    .withLogUri("s3://logs/")
                    .withReleaseLabel("emr-7.5.0")
                    .withApplications(List.of(dev.batchapi.local.emr.cluster.Application.of("Spark", "3.5.2")))
                    .withTerminationProtected(true));

            Cluster cluster = describe(clusterId);

            assertThat(cluster.id()).isEqualTo(clusterId);
            assertThat(cluster.name()).isEqualTo("batches");
            assertThat(cluster.clusterArn()).isEqualTo("arn:aws:elasticmapreduce:us-east-1:000000000000:cluster/" + clusterId);
            assertThat(cluster.status().state()).isEqualTo(ClusterState.WAITING);
            assertThat(cluster.status().stateChangeReason().message()).isEqualTo("Cluster ready to run steps.");
            assertThat(cluster.status().timeline().readyDateTime()).isEqualTo(cluster.status().timeline().creationDateTime());
            assertThat(cluster.status().timeline().endDateTime()).isNull();
            assertThat(cluster.stepConcurrencyLevel()).isEqualTo(4);
            assertThat(cluster.logUri()).isEqualTo("s3://logs/");
            assertThat(cluster.releaseLabel()).isEqualTo("emr-7.5.0");
            assertThat(cluster.applications()).containsExactly(Application.builder().name("Spark").version("3.5.2").build());
            assertThat(cluster.masterPublicDnsName()).isEqualTo("localhost");
            assertThat(cluster.autoTerminate()).isFalse();
            assertThat(cluster.terminationProtected()).isTrue();
            assertThat(cluster.visibleToAllUsers()).isTrue();
        }

        @Test
        void isRunningWhileAStepRunsAndWaitingAfter() {
            String clusterId = fixture.cluster(1);
            String stepId = fixture.addStep(clusterId, "a");

            Cluster running = describe(clusterId);
            fixture.runner.completeStep(clusterId, stepId);
            Cluster waiting = describe(clusterId);

            assertThat(running.status().state()).isEqualTo(ClusterState.RUNNING);
            assertThat(running.status().stateChangeReason().message()).isEqualTo("Running step");
            assertThat(waiting.status().state()).isEqualTo(ClusterState.WAITING);
            assertThat(waiting.status().stateChangeReason().message()).isEqualTo("Cluster ready after last step completed.");
        }

        @Test
        void refusesAnUnknownCluster() {
            assertThatThrownBy(() -> describe("j-NOSUCHCLUSTER"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("Cluster id 'j-NOSUCHCLUSTER' is not valid.");
        }
    }

    @Nested
    class RunJobFlow {

        @Test
        void makesAClusterWithItsSteps() {
            var answer = fixture.emr.runJobFlow(request -> request.name("adhoc")
                    .instances(instances -> instances.keepJobFlowAliveWhenNoSteps(true))
                    .releaseLabel("emr-7.5.0")
                    .logUri("s3://logs/")
                    .applications(Application.builder().name("Spark").build())
                    .stepConcurrencyLevel(2)
                    .steps(sparkStep("a"), sparkStep("b"), sparkStep("c")));

            Cluster cluster = describe(answer.jobFlowId());
            assertThat(answer.jobFlowId()).matches("j-[0-9A-Z]{13}");
            assertThat(answer.clusterArn()).isEqualTo(cluster.clusterArn()).endsWith("cluster/" + answer.jobFlowId());
            assertThat(cluster.status().state()).isEqualTo(ClusterState.RUNNING);
            assertThat(cluster.stepConcurrencyLevel()).isEqualTo(2);
            assertThat(cluster.autoTerminate()).isFalse();
            assertThat(cluster.applications()).extracting(Application::name).containsExactly("Spark");
            assertThat(fixture.emr.listSteps(request -> request.clusterId(answer.jobFlowId())).steps())
                    .extracting(summary -> summary.status().state())
                    .containsExactly(StepState.PENDING, StepState.RUNNING, StepState.RUNNING);
        }

        @Test
        void endsTheClusterAfterItsStepsWithoutKeepAlive() {
            String clusterId = fixture.emr.runJobFlow(request -> request.name("transient")
                    .instances(instances -> instances.keepJobFlowAliveWhenNoSteps(false))
                    .steps(sparkStep("only"))).jobFlowId();
            String stepId = fixture.emulator.steps(clusterId).get(0).id();

            fixture.runner.completeStep(clusterId, stepId);

            Cluster cluster = describe(clusterId);
            assertThat(cluster.autoTerminate()).isTrue();
            assertThat(cluster.status().state()).isEqualTo(ClusterState.TERMINATED);
            assertThat(cluster.status().stateChangeReason().code()).isEqualTo(ClusterStateChangeReasonCode.ALL_STEPS_COMPLETED);
            assertThat(cluster.status().timeline().endDateTime()).isNotNull();
        }

        @Test
        void refusesAStepConcurrencyLevelOutsideOneTo256() {
            for (int level : new int[] {0, 257}) {
                Throwable thrown = catchThrowable(() -> fixture.emr.runJobFlow(request -> request.name("bad")
                        .instances(instances -> instances.keepJobFlowAliveWhenNoSteps(true))
                        .stepConcurrencyLevel(level)));

                assertThat(thrown).isInstanceOf(EmrException.class);
                assertThat(((EmrException) thrown).awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            }
        }

        @Test
        void refusesAClusterWithoutInstances() {
            Throwable thrown = catchThrowable(() -> fixture.emr.runJobFlow(request -> request.name("bare")));

            assertEmrError(thrown, "ValidationException",
                    "1 validation error detected: Value null at 'instances' failed to satisfy constraint: Member must not be null");
        }
    }

    @Nested
    class TerminateJobFlows {

        @Test
        void terminatesTheClusterCancellingPendingStepsAndInterruptingRunningOnes() {
            String clusterId = fixture.cluster(1);
            List<String> stepIds = fixture.addSteps(clusterId, "running", "pending");

            fixture.emr.terminateJobFlows(request -> request.jobFlowIds(clusterId));

            Cluster cluster = describe(clusterId);
            assertThat(cluster.status().state()).isEqualTo(ClusterState.TERMINATED);
            assertThat(cluster.status().stateChangeReason().code()).isEqualTo(ClusterStateChangeReasonCode.USER_REQUEST);
            assertThat(cluster.status().timeline().endDateTime()).isNotNull();
            assertThat(describe(clusterId, stepIds.get(0)).status().state()).isEqualTo(StepState.INTERRUPTED);
            assertThat(describe(clusterId, stepIds.get(1)).status().state()).isEqualTo(StepState.CANCELLED);
        }

        @Test
        void leavesATerminatedClusterAsItIs() {
            String clusterId = fixture.cluster(1);
            fixture.emr.terminateJobFlows(request -> request.jobFlowIds(clusterId));
            Cluster terminated = describe(clusterId);

            fixture.emr.terminateJobFlows(request -> request.jobFlowIds(clusterId));

            assertThat(describe(clusterId)).isEqualTo(terminated);
        }

        @Test
        void refusesATerminationProtectedCluster() {
            String clusterId = fixture.emulator.createCluster(ClusterSpec.named("protected").withTerminationProtected(true));
            String other = fixture.cluster(1);

            Throwable thrown = catchThrowable(() -> fixture.emr.terminateJobFlows(request -> request.jobFlowIds(other, clusterId)));

            assertEmrError(thrown, "ValidationException",
                    "Could not shut down one or more job flows since they are termination protected.");
            assertThat(describe(clusterId).status().state()).isEqualTo(ClusterState.WAITING);
            assertThat(describe(other).status().state()).as("all or nothing").isEqualTo(ClusterState.WAITING);
        }

        @Test
        void refusesAnUnknownJobFlow() {
            Throwable thrown = catchThrowable(() -> fixture.emr.terminateJobFlows(request -> request.jobFlowIds("j-NOSUCHCLUSTER")));

            assertEmrError(thrown, "ValidationException", "Specified job flow ID not valid");
        }
    }

    @Nested
    class Protocol {

        @Test
        void refusesAMissingRequiredMember() {
            Throwable thrown = catchThrowable(() -> fixture.emr.describeCluster(request -> { }));

            assertEmrError(thrown, "ValidationException",
                    "1 validation error detected: Value null at 'clusterId' failed to satisfy constraint: Member must not be null");
        }

        @Test
        void refusesAnOperationItDoesNotEmulate() throws Exception {
            HttpResponse<String> answer = post("ListClusters", "{}");

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).contains("\"__type\":\"UnknownOperationException\"");
        }

        @Test
        void refusesABodyThatIsNotAJsonObject() throws Exception {
            HttpResponse<String> answer = post("DescribeCluster", "[\"j-1\"]");

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).contains("\"__type\":\"SerializationException\"");
        }

        @Test
        void refusesAValueOfTheWrongType() throws Exception {
            HttpResponse<String> answer = post("DescribeCluster", "{\"ClusterId\":42}");

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).contains("\"__type\":\"SerializationException\"");
        }
    }

    private HttpResponse<String> post(String operation, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fixture.emulator.endpoint() + "/"))
                .header("X-Amz-Target", "ElasticMapReduce." + operation)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
