package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.errors.ForbiddenException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private final AccessPolicy secured = new AccessPolicy(true, Set.of("admin"), ReadAccess.ANYONE);
    private final AccessPolicy open = new AccessPolicy(false, Set.of("admin"), ReadAccess.ANYONE);

    @Test
    void aCallerActsAsItselfWithoutAProxyUserOrWithItsOwnName() {
        assertThat(secured.actingUser(new Caller("alice"), Optional.empty())).isEqualTo("alice");
        assertThat(secured.actingUser(new Caller("alice"), Optional.of("alice"))).isEqualTo("alice");
    }

    @Test
    void onlyAdminsMayActForAnotherUserWhenAuthenticationIsOn() {
        assertThat(secured.actingUser(new Caller("admin"), Optional.of("bob"))).isEqualTo("bob");
        assertThatThrownBy(() -> secured.actingUser(new Caller("alice"), Optional.of("bob")))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage("Failed to validate proxy privilege of alice for bob");
    }

    @Test
    void anyoneMayActForAnotherUserWhenAuthenticationIsOff() {
        assertThat(open.actingUser(new Caller("anonymous"), Optional.of("bob"))).isEqualTo("bob");
    }

    @Test
    void onlyTheOwnerOrAnAdminMayKill() {
        Batch bobs = batchOf("bob");

        secured.checkMayKill(new Caller("bob"), "bob", bobs);
        secured.checkMayKill(new Caller("admin"), "admin", bobs);
        secured.checkMayKill(new Caller("admin"), "carol", bobs);
        assertThatThrownBy(() -> secured.checkMayKill(new Caller("alice"), "alice", bobs))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage("Failed to validate proxy privilege of alice for bob");
        assertThatThrownBy(() -> open.checkMayKill(new Caller("alice"), "alice", bobs))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void withOwnerOrAdminReadsOnlyTheOwnerOrAnAdminMayRead() {
        AccessPolicy ownerOrAdmin = new AccessPolicy(true, Set.of("admin"), ReadAccess.OWNER_OR_ADMIN);
        Batch bobs = batchOf("bob");

        ownerOrAdmin.checkMayRead(new Caller("bob"), bobs);
        ownerOrAdmin.checkMayRead(new Caller("admin"), bobs);
        assertThatThrownBy(() -> ownerOrAdmin.checkMayRead(new Caller("alice"), bobs))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage("Failed to validate proxy privilege of alice for bob");
    }

    @Test
    void kyuubisDefaultAndUnauthenticatedCallersReadAnything() {
        secured.checkMayRead(new Caller("alice"), batchOf("bob"));
        new AccessPolicy(false, Set.of(), ReadAccess.OWNER_OR_ADMIN).checkMayRead(new Caller("anonymous"), batchOf("bob"));
    }

    static Batch batchOf(String user) {
        return Batch.pending("4f1c0b8e-27a4-4b52-9d44-0a7e2e0b9f3d", user, BatchType.SPARK, null,
                new BatchSpec("a.jar", "a.B", Map.of(), List.of()), "test", 1L, "j-1", RunLimits.DEFAULT);
    }
}
