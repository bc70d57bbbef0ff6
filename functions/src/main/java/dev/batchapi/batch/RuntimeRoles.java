package dev.batchapi.batch;

import dev.batchapi.errors.BadRequestException;
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

    /**
     * Refuses a batch type that EMR does not confine to a step's runtime role when steps run under
     * them: EMR documents runtime roles for Spark and Hive jobs, not for Flink.
     */
    public void checkConfines(BatchType type) {
        if (!byUser.isEmpty() && type == BatchType.FLINK) {
            throw new BadRequestException("batchType FLINK is not available on this deployment: its steps run under EMR"
                    + " runtime roles, which EMR documents for Spark and Hive jobs only, so no role would confine a Flink"
                    + " application to its user's data");
        }
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
