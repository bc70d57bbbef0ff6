package dev.batchapi.engine.emr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchSpec;
import dev.batchapi.batch.BatchType;
import dev.batchapi.batch.CancelOutcome;
import dev.batchapi.batch.ClusterStatus;
import dev.batchapi.batch.EngineUnavailableException;
import dev.batchapi.batch.RunLimits;
import dev.batchapi.batch.StepFailure;
import dev.batchapi.batch.StepNotFoundException;
import dev.batchapi.batch.StepState;
import dev.batchapi.batch.StepStatus;
import dev.batchapi.batch.SubmissionRejectedException;
import dev.batchapi.batch.SubmittedStep;
import dev.batchapi.errors.ThrottledException;
import dev.batchapi.local.emr.api.EmrFault;
import dev.batchapi.local.emr.api.EmrOperation;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.cluster.ClusterState;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReason;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReasonCode;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.support.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmrBatchEngineIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    /** The SDK's standard retry mode, which the functions use, tries a call three times. */
    private static final int SDK_ATTEMPTS = 3;

    private final String cluster = aws.emr().createCluster(ClusterSpec.named("engine").withStepConcurrencyLevel(5));
    private final EmrBatchEngine engine = new EmrBatchEngine(aws.awsClients()::emr,
            new StepLinks("https://emr.example/{clusterId}/{stepId}"));

    @Test
    void aSubmittedStepIsNamedAfterTheBatchAndReportsItsProgress() {
        Batch batch = batch("nightly");

        SubmittedStep step = engine.submit(batch, Optional.empty());
        StepStatus running = engine.status(cluster, step.stepId());
        aws.steps().completeStep(cluster, step.stepId());
        StepStatus completed = engine.status(cluster, step.stepId());

        assertThat(step.clusterId()).isEqualTo(cluster);
        assertThat(running.name()).isEqualTo(batch.id() + " nightly");
        assertThat(running.state()).isEqualTo(StepState.RUNNING);
        assertThat(running.startTime()).isPositive();
        assertThat(running.endTime()).isZero();
        assertThat(completed.state()).isEqualTo(StepState.COMPLETED);
        assertThat(completed.endTime()).isGreaterThanOrEqualTo(completed.startTime());
        assertThat(completed.failure()).isNull();
        assertThat(engine.appUrl(cluster, step.stepId())).isEqualTo("https://emr.example/" + cluster + "/" + step.stepId());
    }

    @Test
    void aFailedStepCarriesEmrsFailureDetails() {
        SubmittedStep step = engine.submit(batch(null), Optional.empty());
        aws.steps().failStep(cluster, step.stepId(), FailureDetails.of("Unknown Error.", "Exit code 1", "s3://l/stderr.gz"));

        assertThat(engine.status(cluster, step.stepId()).failure())
                .isEqualTo(new StepFailure("Unknown Error.", "Exit code 1", "s3://l/stderr.gz"));
    }

    @Test
    void findsABatchsStepByTheIdInItsNameAcrossListPages() {
        Batch batch = batch("old");
        String ours = engine.submit(batch, Optional.empty()).stepId();
        for (int i = 0; i < 120; i++) {
            engine.submit(batch("filler"), Optional.empty());
        }
        aws.emr().server().resetCallCounts();

        Map<String, StepStatus> found = engine.findSteps(cluster, List.of(batch));

        assertThat(found.get(batch.id()).stepId()).isEqualTo(ours);
        assertThat(aws.emr().server().callCount("ListSteps")).isEqualTo(3);
    }

    @Test
    void findsStepsThatEndedSinceByIdListingOnlyAsFarAsTheyCanReach() {
        String other = aws.emr().createCluster(ClusterSpec.named("history").withStepConcurrencyLevel(100));
        EmrBatchEngine onOther = new EmrBatchEngine(aws.awsClients()::emr, new StepLinks("x"));
        List<Batch> ended = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // an old history of finished steps that are not ours
            aws.steps().completeStep(other, onOther.submit(batchOn(other, "history"), Optional.empty()).stepId());
        }
        for (int i = 0; i < 60; i++) {
            Batch batch = batchOn(other, "ours");
            String step = onOther.submit(batch, Optional.empty()).stepId();
            aws.steps().completeStep(other, step);
            ended.add(withStep(batch, step));
        }
        Batch running = batchOn(other, "running");
        String runningStep = onOther.submit(running, Optional.empty()).stepId();
        List<Batch> sought = new ArrayList<>(ended);
        sought.add(withStep(running, runningStep));
        aws.emr().server().resetCallCounts();

        Map<String, StepStatus> found = onOther.findSteps(other, sought);

        assertThat(found).hasSize(61);
        assertThat(found.get(running.id()).state()).isEqualTo(StepState.RUNNING);
        assertThat(ended).allSatisfy(batch -> assertThat(found.get(batch.id()).state()).isEqualTo(StepState.COMPLETED));
        // one page of active steps, then the 60 ended ones: the newest two pages of the history
        assertThat(aws.emr().server().callCount("ListSteps")).isEqualTo(3);
    }

    @Test
    void aBatchWhoseStepIsNowhereIsSimplyNotFound() {
        assertThat(engine.findSteps(cluster, List.of(batch("never submitted")))).isEmpty();
        assertThat(engine.findSteps("j-NOSUCHCLUSTER", List.of(batch("x")))).isEmpty();
    }

    @Test
    void reportsTheClusterStateWithItsReason() {
        String gone = aws.emr().createCluster(ClusterSpec.named("gone"));
        aws.emr().terminateCluster(gone, ClusterState.TERMINATED_WITH_ERRORS,
                ClusterStateChangeReason.of(ClusterStateChangeReasonCode.INSTANCE_FAILURE, "Master node lost"));

        assertThat(engine.cluster(cluster).isGone()).isFalse();
        ClusterStatus terminated = engine.cluster(gone);
        assertThat(terminated.isGone()).isTrue();
        assertThat(terminated.describeEnd()).isEqualTo("EMR cluster " + gone + " is TERMINATED_WITH_ERRORS: Master node lost");
        ClusterStatus unknown = engine.cluster("j-NOSUCHCLUSTER");
        assertThat(unknown.isGone()).isTrue();
        assertThat(unknown.describeEnd())
                .isEqualTo("EMR cluster j-NOSUCHCLUSTER is no longer known to EMR: Cluster id 'j-NOSUCHCLUSTER' is not valid.");
    }

    @Test
    void aStepEmrDoesNotKnowIsNotFound() {
        assertThatThrownBy(() -> engine.status(cluster, "s-NOSUCHSTEP0000"))
                .isInstanceOf(StepNotFoundException.class)
                .hasMessageContaining("s-NOSUCHSTEP0000");
    }

    @Test
    void cancellingAFinishedStepIsRefusedWithEmrsReason() {
        String step = engine.submit(batch(null), Optional.empty()).stepId();
        aws.steps().completeStep(cluster, step);

        CancelOutcome outcome = engine.cancel(cluster, step);

        assertThat(outcome.submitted()).isFalse();
        assertThat(outcome.reason()).isNotBlank();
        assertThat(engine.cancel(cluster, engine.submit(batch(null), Optional.empty()).stepId()).submitted()).isTrue();
    }

    @Test
    void aRefusedSubmitSaysWhyAndAnUnansweredOneIsUnknown() {
        Batch onUnknown = Batch.pending(UUID.randomUUID().toString(), "alice", BatchType.SPARK, null,
                new BatchSpec("a.jar", "a.B", Map.of(), List.of()), "test", 1, "j-NOSUCHCLUSTER", RunLimits.DEFAULT);

        assertThatThrownBy(() -> engine.submit(onUnknown, Optional.empty()))
                .isInstanceOf(SubmissionRejectedException.class)
                .hasMessage("EMR refused the step: Specified job flow ID not valid");

        aws.emr().failNext(EmrOperation.ADD_JOB_FLOW_STEPS, SDK_ATTEMPTS, EmrFault.internalError());
        assertThatThrownBy(() -> engine.submit(batch(null), Optional.empty())).isInstanceOf(EngineUnavailableException.class);
        // Throttled past the retries: not added, and not refused either (the batch is submitted again later).
        aws.emr().failNext(EmrOperation.ADD_JOB_FLOW_STEPS, SDK_ATTEMPTS, EmrFault.throttling());
        assertThatThrownBy(() -> engine.submit(batch(null), Optional.empty())).isInstanceOf(EngineUnavailableException.class);
    }

    @Test
    void throttlingPastTheRetriesIsForTheCallerToRetry() {
        String step = engine.submit(batch(null), Optional.empty()).stepId();
        aws.emr().failNext(EmrOperation.DESCRIBE_STEP, SDK_ATTEMPTS, EmrFault.throttling());

        assertThatThrownBy(() -> engine.status(cluster, step)).isInstanceOf(ThrottledException.class);
        assertThat(engine.status(cluster, step).state()).isEqualTo(StepState.RUNNING);
    }

    private Batch batch(String name) {
        return batchOn(cluster, name);
    }

    private static Batch batchOn(String clusterId, String name) {
        return Batch.pending(UUID.randomUUID().toString(), "alice", BatchType.SPARK, name,
                new BatchSpec("a.jar", "a.B", Map.of(), List.of()), "test", 1, clusterId, RunLimits.DEFAULT);
    }

    private static Batch withStep(Batch batch, String stepId) {
        return new Batch(batch.id(), batch.user(), batch.batchType(), batch.name(), batch.spec(), batch.state(),
                batch.app(), batch.kyuubiInstance(), batch.createTime(), batch.endTime(), batch.clusterId(), stepId, null, 0,
                batch.scheduling());
    }
}
