package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.awsjson.AwsFault;
import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-user EMR runtime roles: each batch's step carries its user's role as ExecutionRoleArn. */
class RuntimeRolesIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String ALICE_ROLE = "arn:aws:iam::123456789012:role/emr-runtime/alice";
    private static final String SHARED_ROLE = "arn:aws:iam::123456789012:role/emr-runtime/analysts";
    private static final String BODY = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}";

    @Test
    void eachUsersStepRunsUnderItsOwnRole() {
        TestApi api = new TestApi(aws.context(Map.of(
                "RUNTIME_ROLE_USERS", "alice,*", "RUNTIME_ROLE_ARNS", ALICE_ROLE + "," + SHARED_ROLE)));

        ApiResponse byAlice = api.create("alice", BODY);

        assertThat(roleOfStep(byAlice)).isEqualTo(ALICE_ROLE);
        assertThat(roleOfStep(api.create("bob", BODY))).isEqualTo(SHARED_ROLE);
        // An admin submitting for alice gets alice's role, not its own.
        assertThat(roleOfStep(api.create(LocalAws.ADMIN,
                BODY.replace("}", ",\"conf\":{\"kyuubi.session.proxy.user\":\"alice\"}}")))).isEqualTo(ALICE_ROLE);
        assertThat(api.localLog("alice", byAlice.string("id"), 0, 10).list("logRowSet").toString())
                .contains("under runtime role " + ALICE_ROLE);
    }

    @Test
    void anAssumedRoleIsMappedAsRoleSlashNameNotAsTheUserOfThatName() {
        TestApi api = new TestApi(aws.context(Map.of(
                "RUNTIME_ROLE_USERS", "alice,role/Airflow", "RUNTIME_ROLE_ARNS", ALICE_ROLE + "," + SHARED_ROLE)));

        ApiResponse byAirflow = api.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .asIamPrincipal("arn:aws:sts::123456789012:assumed-role/Airflow/run-1").build());
        ApiResponse byRoleAlice = api.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .asIamPrincipal("arn:aws:sts::123456789012:assumed-role/alice/alice").build());

        assertThat(roleOfStep(byAirflow)).isEqualTo(SHARED_ROLE);
        assertThat(byRoleAlice.status()).isEqualTo(403);
        assertThat(byRoleAlice.json()).isEqualTo(Map.of("message", "No EMR runtime role is configured for user role/alice"));
    }

    @Test
    void aUserWithoutARoleIsRefusedAndNothingIsStoredOrSubmitted() {
        TestApi api = new TestApi(aws.context(Map.of("RUNTIME_ROLE_USERS", "alice", "RUNTIME_ROLE_ARNS", ALICE_ROLE)));
        var before = aws.tableItems();
        int steps = aws.emrClient().listSteps(request -> request.clusterId(aws.clusterId())).steps().size();

        ApiResponse refused = api.create("bob", BODY);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json()).isEqualTo(Map.of("message", "No EMR runtime role is configured for user bob"));
        assertThat(aws.tableItems()).isEqualTo(before);
        assertThat(aws.emrClient().listSteps(request -> request.clusterId(aws.clusterId())).steps()).hasSize(steps);
    }

    @Test
    void aRoleIamRefusesEndsTheBatchWithAReasonThatNamesNoAccountOrRole() {
        TestApi api = new TestApi(aws.context(Map.of("RUNTIME_ROLE_USERS", "*", "RUNTIME_ROLE_ARNS", SHARED_ROLE)));
        aws.emr().server().failNext("AddJobFlowSteps", 1, new AwsFault(400, "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/batch-api-CreateBatch/fn is not authorized to perform: "
                        + "iam:PassRole on resource: " + SHARED_ROLE));

        ApiResponse created = api.create("bob", BODY);

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json()).containsEntry("state", "ERROR").containsEntry("appDiagnostic",
                "Submission failed: EMR refused the step: this deployment is not allowed to submit it under its runtime role"
                        + " (see the service log)");
        assertThat(created.body()).doesNotContain("123456789012");
    }

    @Test
    void withoutRolesStepsRunUnderTheClustersRole() {
        assertThat(aws.emrClient().describeStep(request -> request.clusterId(aws.clusterId())
                .stepId(new TestApi(aws.context()).create("alice", BODY).string("appId"))).step().executionRoleArn())
                .isNull();
    }

    private static String roleOfStep(ApiResponse created) {
        assertThat(created.status()).isEqualTo(200);
        return aws.emrClient().describeStep(request -> request.clusterId(aws.clusterId()).stepId(created.string("appId")))
                .step().executionRoleArn();
    }
}
