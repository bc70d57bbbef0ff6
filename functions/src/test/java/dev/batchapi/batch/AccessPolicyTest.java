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

    private final AccessPolicy secured = new AccessPolicy(true, Set.of("admin"));
    private final AccessPolicy open = new AccessPolicy(false, Set.of("admin"));

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

    static Batch batchOf(String user) {
        return Batch.pending("4f1c0b8e-27a4-4b52-9d44-0a7e2e0b9f3d", user, BatchType.SPARK, null,
                new BatchSpec("a.jar", "a.B", Map.of(), List.of()), "test", 1L, "j-1");
    }
}
