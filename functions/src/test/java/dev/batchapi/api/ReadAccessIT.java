package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** READ_ACCESS through the real functions: Kyuubi's anyone-reads by default, owner-or-admin when set. */
class ReadAccessIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String BODY = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}";

    @Test
    void byDefaultAnyAuthenticatedCallerReadsAnyBatchAndItsLog() {
        TestApi api = new TestApi(aws.context());
        String batch = api.create("alice", BODY).string("id");

        assertThat(api.get("bob", batch).status()).isEqualTo(200);
        assertThat(api.localLog("bob", batch, 0, 10).status()).isEqualTo(200);
    }

    @Test
    void withOwnerOrAdminAnotherUsersBatchAndLogAre403AndTheReadLeavesNoCursor() {
        TestApi api = new TestApi(aws.context(Map.of("READ_ACCESS", "OWNER_OR_ADMIN")));
        String batch = api.create("alice", BODY).string("id");
        var before = aws.tableItems();

        ApiResponse get = api.get("bob", batch);
        ApiResponse log = api.localLog("bob", batch, -1, 10);

        for (ApiResponse refused : new ApiResponse[] {get, log}) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json()).isEqualTo(Map.of("message", "Failed to validate proxy privilege of bob for alice"));
        }
        assertThat(aws.tableItems()).isEqualTo(before);
    }

    @Test
    void withOwnerOrAdminTheOwnerAndAnAdminRead() {
        TestApi api = new TestApi(aws.context(Map.of("READ_ACCESS", "OWNER_OR_ADMIN")));
        String batch = api.create("alice", BODY).string("id");

        assertThat(api.get("alice", batch).json()).containsEntry("user", "alice");
        assertThat(api.get(LocalAws.ADMIN, batch).json()).containsEntry("id", batch);
        assertThat(api.localLog("alice", batch, 0, 10).status()).isEqualTo(200);
        assertThat(api.localLog(LocalAws.ADMIN, batch, 0, 10).status()).isEqualTo(200);
        assertThat(api.get("bob", "00000000-0000-4000-8000-000000000000").status()).isEqualTo(404);
    }

    /** A re-submit answers what GET shows, so it takes GET's rule: a batch id is no way into another user's batch. */
    @Test
    void withOwnerOrAdminAReSubmitOfAnotherUsersBatchIdIs403AndAnAdminsIsAnsweredAsDuplicated() {
        TestApi api = new TestApi(aws.context(Map.of("READ_ACCESS", "OWNER_OR_ADMIN")));
        String body = ("{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\","
                + "\"args\":[\"alice's argument\"],\"conf\":{\"kyuubi.batch.id\":\"%s\"}}").formatted(UUID.randomUUID());
        String batch = api.create("alice", body).string("id");
        var before = aws.tableItems();

        ApiResponse byBob = api.create("bob", body);
        ApiResponse byAdmin = api.create(LocalAws.ADMIN, body);

        assertThat(byBob.status()).isEqualTo(403);
        assertThat(byBob.json()).isEqualTo(Map.of("message", "Failed to validate proxy privilege of bob for alice"));
        assertThat(byAdmin.status()).isEqualTo(200);
        assertThat(byAdmin.json()).containsEntry("id", batch).containsEntry("user", "alice");
        assertThat(byAdmin.json().get("batchInfo")).asInstanceOf(InstanceOfAssertFactories.map(String.class, String.class)).containsEntry("kyuubi.batch.duplicated", "true")
                .containsEntry("batch.args", "[\"alice's argument\"]");
        assertThat(aws.tableItems()).isEqualTo(before);
    }
}
