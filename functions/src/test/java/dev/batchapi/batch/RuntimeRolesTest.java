package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.errors.BadRequestException;
import dev.batchapi.errors.ForbiddenException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeRolesTest {

    private static final String ALICE = "arn:aws:iam::123456789012:role/alice-data";
    private static final String SHARED = "arn:aws:iam::123456789012:role/shared-data";

    @Test
    void offByDefaultStepsRunUnderTheClustersRole() {
        assertThat(new RuntimeRoles(Map.of()).roleFor("alice")).isEmpty();
    }

    @Test
    void aMappedUserGetsItsRoleAndOthersTheCatchAll() {
        RuntimeRoles roles = new RuntimeRoles(Map.of("alice", ALICE, "*", SHARED));

        assertThat(roles.roleFor("alice")).contains(ALICE);
        assertThat(roles.roleFor("bob")).contains(SHARED);
    }

    @Test
    void withoutACatchAllAnUnmappedUserMayNotSubmit() {
        RuntimeRoles roles = new RuntimeRoles(Map.of("alice", ALICE));

        assertThatThrownBy(() -> roles.roleFor("bob"))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage("No EMR runtime role is configured for user bob");
    }

    @Test
    void withRuntimeRolesFlinkIsRefusedBecauseEmrDocumentsThemForSparkAndHiveOnly() {
        RuntimeRoles roles = new RuntimeRoles(Map.of("*", SHARED));

        assertThatThrownBy(() -> roles.checkConfines(BatchType.FLINK))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("batchType FLINK is not available on this deployment: its steps run under EMR runtime roles,"
                        + " which EMR documents for Spark and Hive jobs only, so no role would confine a Flink application"
                        + " to its user's data");
        roles.checkConfines(BatchType.SPARK);
        roles.checkConfines(BatchType.PYSPARK);
    }

    @Test
    void withoutRuntimeRolesEveryTypeIsConfinedAlikeByTheClustersRole() {
        Arrays.stream(BatchType.values()).forEach(new RuntimeRoles(Map.of())::checkConfines);
    }
}
