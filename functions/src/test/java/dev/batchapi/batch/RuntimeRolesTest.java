package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.errors.ForbiddenException;
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
}
