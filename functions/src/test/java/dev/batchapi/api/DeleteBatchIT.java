package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.json.JsonNumber;
import dev.batchapi.local.emr.api.EmrFault;
import dev.batchapi.local.emr.api.EmrOperation;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepCancellationOption;
import dev.batchapi.local.emr.step.StepState;
import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.StoreCalls;
import dev.batchapi.support.TestApi;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;

class DeleteBatchIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private final TestApi api = new TestApi(aws.context());

    @BeforeEach
    void freeTheCluster() {
        // The cluster runs one step at a time: end whatever earlier tests left, so each test's
        // first step runs at once and its second one waits PENDING.
        for (Step step : aws.emr().steps(aws.clusterId())) {
            for (int attempt = 0; attempt < 3 && !aws.emr().step(aws.clusterId(), step.id()).state().isTerminal(); attempt++) {
                switch (aws.emr().step(aws.clusterId(), step.id()).state()) {
                    case RUNNING -> aws.steps().completeStep(aws.clusterId(), step.id());
                    case CANCEL_PENDING -> aws.steps().stopStep(aws.clusterId(), step.id());
                    default -> aws.emrClient().cancelSteps(request -> request.clusterId(aws.clusterId()).stepIds(step.id()));
                }
            }
        }
    }

    @Test
    void killingAPendingStepCancelsTheBatchInTheSameCall() {
        String running = submit("alice");
        String pending = submit("alice");
        assertThat(stepOf(running).state()).isEqualTo(StepState.RUNNING);
        assertThat(stepOf(pending).state()).isEqualTo(StepState.PENDING);

        ApiResponse killed = api.kill("alice", pending);

        assertThat(killed.status()).isEqualTo(200);
        assertThat(killed.json()).containsOnlyKeys("success", "msg").containsEntry("success", true);
        assertThat(killed.string("msg")).isEqualTo("Succeeded to terminate: step " + stepOf(pending).id()
                + " of batch " + pending + " is cancelled");
        assertThat(stepOf(pending).state()).isEqualTo(StepState.CANCELLED);
        ApiResponse batch = api.get("alice", pending);
        assertThat(batch.json()).containsEntry("state", "CANCELED").containsEntry("appState", "KILLED")
                .containsEntry("appDiagnostic", "Killed by alice");
        assertThat(batch.number("endTime")).isPositive();
        assertThat(stepOf(running).state()).isEqualTo(StepState.RUNNING);
    }

    @Test
    void killingARunningStepInterruptsItAndTheBatchWaitsForEmrToConfirm() {
        String running = submit("alice");
        assertThat(stepOf(running).state()).isEqualTo(StepState.RUNNING);

        ApiResponse killed = api.kill("alice", running);

        assertThat(killed.json()).containsEntry("success", true);
        assertThat(killed.string("msg")).isEqualTo("Succeeded to request termination: step " + stepOf(running).id()
                + " is being interrupted; the batch turns CANCELED when EMR reports the step cancelled");
        assertThat(stepOf(running).state()).isEqualTo(StepState.CANCEL_PENDING);
        assertThat(stepOf(running).cancellation()).contains(StepCancellationOption.SEND_INTERRUPT);
        assertThat(api.get("alice", running).json()).containsEntry("state", "RUNNING").containsEntry("appState", "RUNNING")
                .containsEntry("endTime", new JsonNumber("0"));
        aws.steps().stopStep(aws.clusterId(), stepOf(running).id());
    }

    @Test
    void killingAFinishedBatchAnswersSuccessFalseInKyuubisWords() {
        String batch = submit("alice");
        aws.steps().completeStep(aws.clusterId(), stepOf(batch).id());

        ApiResponse killed = api.kill("alice", batch);

        assertThat(killed.status()).isEqualTo(200);
        assertThat(killed.json()).isEqualTo(Map.of("success", false,
                "msg", "batch " + batch + " is already terminal so can not kill it."));
        // the kill found the real outcome and recorded it; it never rewrites it
        assertThat(api.get("alice", batch).json()).containsEntry("state", "FINISHED").containsEntry("appState", "FINISHED");
        assertThat(api.kill("alice", batch).json()).containsEntry("success", false);
        assertThat(api.get("alice", batch).json()).containsEntry("state", "FINISHED");
    }

    @Test
    void aFailedStepFoundByTheKillEndsTheBatchInErrorWithItsDiagnostic() {
        String batch = submit("alice");
        aws.steps().failStep(aws.clusterId(), stepOf(batch).id(),
                FailureDetails.of("Unknown Error.", "Exit code 1", "s3://test-logs/steps/stderr.gz"));

        assertThat(api.kill("alice", batch).json()).containsEntry("success", false);
        assertThat(api.get("alice", batch).json()).containsEntry("state", "ERROR").containsEntry("appState", "FAILED")
                .containsEntry("appDiagnostic", "Unknown Error.: Exit code 1 (log: s3://test-logs/steps/stderr.gz)");
    }

    @Test
    void onlyTheOwnerOrAnAdminMayKill() {
        String batch = submit("alice");
        var before = aws.tableItems();

        ApiResponse byBob = api.kill("bob", batch);

        assertThat(byBob.status()).isEqualTo(403);
        assertThat(byBob.json()).isEqualTo(Map.of("message", "Failed to validate proxy privilege of bob for alice"));
        assertThat(aws.tableItems()).isEqualTo(before);
        assertThat(api.kill(LocalAws.ADMIN, batch).json()).containsEntry("success", true);
        // The kill's claim names the admin apart: the batch stays alice's.
        assertThat(api.get("bob", batch).json()).containsEntry("user", "alice");
        assertThat(aws.tableItems()).filteredOn(item -> item.get("pk").s().equals(batch) && item.get("sk").s().equals("BATCH"))
                .singleElement().satisfies(item -> {
                    assertThat(item.get("user").s()).isEqualTo("alice");
                    assertThat(item.get("killRequestedBy").s()).isEqualTo(LocalAws.ADMIN);
                });
    }

    @Test
    void anAdminMayKillAsTheOwnerWithTheHiveProxyUserParameterAndOthersMayNot() {
        String batch = submit("alice");

        ApiResponse byMallory = api.killEvent(ApiEvents.request("DELETE", "/api/v1/batches/" + batch)
                .pathParameter("batchId", batch).query("hive.server2.proxy.user", "alice").asIamUser("mallory").build());
        ApiResponse byAdmin = api.killEvent(ApiEvents.request("DELETE", "/api/v1/batches/" + batch)
                .pathParameter("batchId", batch).query("hive.server2.proxy.user", "alice").asIamUser(LocalAws.ADMIN).build());

        assertThat(byMallory.status()).isEqualTo(403);
        assertThat(byMallory.message()).isEqualTo("Failed to validate proxy privilege of mallory for alice");
        assertThat(byAdmin.json()).containsEntry("success", true);
        assertThat(api.localLog("alice", batch, 0, 50).list("logRowSet").toString())
                .contains("Kill requested by admin as alice");
    }

    @Test
    void unknownOrMalformedIdsAreNotFound() {
        String unknown = UUID.randomUUID().toString();

        assertThat(api.kill("alice", unknown).status()).isEqualTo(404);
        assertThat(api.kill("alice", unknown).message()).isEqualTo("Invalid batchId: " + unknown);
        assertThat(api.kill("alice", "x").message()).isEqualTo("Invalid batchId: x");
    }

    @Test
    void aBatchWhoseStepIdWasNeverRecordedIsKilledThroughTheStepFoundByName() {
        submit("alice"); // takes the cluster's one step slot, so the next step waits PENDING
        aws.faults().crashBefore(StoreCalls::recordsAStep);
        String batch = UUID.randomUUID().toString();
        assertThat(api.create("alice", """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","conf":{"kyuubi.batch.id":"%s"}}"""
                .formatted(batch)).status()).isEqualTo(500);
        Step step = aws.emr().steps(aws.clusterId()).stream().filter(s -> s.name().startsWith(batch)).findFirst()
                .orElseThrow();
        assertThat(step.state()).isEqualTo(StepState.PENDING);

        ApiResponse killed = api.kill("alice", batch);

        assertThat(killed.json()).containsEntry("success", true);
        assertThat(aws.emr().step(aws.clusterId(), step.id()).state()).isEqualTo(StepState.CANCELLED);
        assertThat(api.get("alice", batch).json()).containsEntry("state", "CANCELED").containsEntry("appId", step.id());
    }

    @Test
    void aBatchKilledBeforeItsStepExistsIsCanceledAndItsStepNeverRuns() {
        String batch = UUID.randomUUID().toString();
        // The create dies just before AddJobFlowSteps: the record exists, the step does not (yet).
        aws.faults().crashBefore(request -> request instanceof AddJobFlowStepsRequest);
        String body = """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","conf":{"kyuubi.batch.id":"%s"}}"""
                .formatted(batch);
        assertThat(api.create("alice", body).status()).isEqualTo(500);

        ApiResponse killed = api.kill("alice", batch);

        assertThat(killed.json()).containsEntry("success", true);
        assertThat(killed.string("msg")).isEqualTo("Succeeded to terminate: batch " + batch
                + " was canceled before it was submitted");
        assertThat(api.get("alice", batch).json()).containsEntry("state", "CANCELED")
                .containsEntry("appDiagnostic", "Killed by alice before it was submitted");
        assertThat(aws.emr().steps(aws.clusterId())).noneMatch(step -> step.name().startsWith(batch));
        assertThat(api.kill("alice", batch).json()).containsEntry("success", false);
    }

    @Test
    void emrThrottlingBeyondTheSdksRetriesIsA429AndTheBatchIsUntouched() {
        String batch = submit("alice");
        aws.emr().failNext(EmrOperation.CANCEL_STEPS, 3, EmrFault.throttling());

        ApiResponse killed = api.kill("alice", batch);

        assertThat(killed.status()).isEqualTo(429);
        assertThat(killed.json()).isEqualTo(Map.of("message", "EMR is throttling requests; try again in a few seconds"));
        assertThat(api.get("alice", batch).json()).containsEntry("state", "PENDING");
        assertThat(api.kill("alice", batch).json()).containsEntry("success", true);
    }

    @Test
    void killingABatchWhoseStepEmrNoLongerKnowsSaysSoInsteadOfFailing() {
        String batch = submit("alice");
        aws.setBatchAttribute(batch, "stepId", "s-AGEDOUT000000");

        ApiResponse killed = api.kill("alice", batch);

        assertThat(killed.status()).isEqualTo(200);
        assertThat(killed.json()).isEqualTo(Map.of("success", false, "msg", "EMR no longer knows step s-AGEDOUT000000"
                + " of batch " + batch + ", so there is nothing to stop; the state sync ends the batch"));
        assertThat(api.kill("alice", batch).json()).containsEntry("success", false);
    }

    private String submit(String user) {
        ApiResponse created = api.create(user, "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}");
        return created.string("id");
    }

    private static Step stepOf(String batchId) {
        return aws.emr().steps(aws.clusterId()).stream()
                .filter(step -> step.name().startsWith(batchId))
                .findFirst()
                .orElseThrow();
    }
}
