package dev.batchapi.batch;

import dev.batchapi.errors.ForbiddenException;
import dev.batchapi.text.Echo;
import java.util.Optional;
import java.util.Set;

/**
 * Who may act as whom. Admins may run batches as another user (proxy user) and kill any batch;
 * others only act as themselves and kill their own. Anyone may read any batch and its log, as in
 * Kyuubi, unless reads are {@link ReadAccess#OWNER_OR_ADMIN}. With authentication off (local
 * development) anyone may name a proxy user and read anything, as in Kyuubi's NONE mode, since the
 * caller's name is unverified anyway.
 */
public final class AccessPolicy {

    private final boolean authenticationEnabled;
    private final Set<String> admins;
    private final ReadAccess readAccess;

    public AccessPolicy(boolean authenticationEnabled, Set<String> admins, ReadAccess readAccess) {
        this.authenticationEnabled = authenticationEnabled;
        this.admins = Set.copyOf(admins);
        this.readAccess = readAccess;
    }

    public boolean isAdmin(String user) {
        return admins.contains(user);
    }

    /** The user the caller acts as: itself, or the proxy user it may act for. */
    public String actingUser(Caller caller, Optional<String> proxyUser) {
        String realUser = caller.user();
        return proxyUser.filter(proxy -> !proxy.equals(realUser))
                .map(proxy -> {
                    if (authenticationEnabled && !isAdmin(realUser)) {
                        throw denied(realUser, proxy);
                    }
                    return proxy;
                })
                .orElse(realUser);
    }

    /** Only the owner or an admin may kill a batch. */
    public void checkMayKill(Caller caller, String actingUser, Batch batch) {
        if (!actingUser.equals(batch.user()) && !isAdmin(actingUser) && !isAdmin(caller.user())) {
            throw denied(actingUser, batch.user());
        }
    }

    /** With owner-or-admin reads, only the owner or an admin may read a batch or its log. */
    public void checkMayRead(Caller caller, Batch batch) {
        if (readAccess == ReadAccess.OWNER_OR_ADMIN && authenticationEnabled && !caller.user().equals(batch.user())
                && !isAdmin(caller.user())) {
            throw denied(caller.user(), batch.user());
        }
    }

    // Kyuubi's words for every refusal (KyuubiRestFrontendService.getSessionUser).
    private static ForbiddenException denied(String realUser, String otherUser) {
        return new ForbiddenException("Failed to validate proxy privilege of " + Echo.of(realUser) + " for "
                + Echo.of(otherUser));
    }
}
