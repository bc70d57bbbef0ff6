package dev.batchapi.batch;

import dev.batchapi.errors.ForbiddenException;
import dev.batchapi.text.Echo;
import java.util.Map;
import java.util.Optional;

/**
 * Which EMR runtime role a user's steps run under, so that a job reads only the data its user may
 * read. Off (no map) by default: steps run under the cluster's own role. With a map, a user it does
 * not name, and that no {@code *} entry covers, may not submit at all.
 */
public final class RuntimeRoles {

    static final String ANYONE = "*";

    private final Map<String, String> byUser;

    public RuntimeRoles(Map<String, String> byUser) {
        this.byUser = Map.copyOf(byUser);
    }

    /** The role for the user a batch runs as; empty when runtime roles are off. */
    public Optional<String> roleFor(String user) {
        if (byUser.isEmpty()) {
            return Optional.empty();
        }
        String role = byUser.getOrDefault(user, byUser.get(ANYONE));
        if (role == null) {
            throw new ForbiddenException("No EMR runtime role is configured for user " + Echo.of(user));
        }
        return Optional.of(role);
    }
}
