package dev.batchapi.batch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the scheduler's counters say of one cluster: the slots its batches hold, the batches waiting,
 * and, by user, the same. Kept with the batches in one store, changed in the same transactions.
 *
 * @param notAccepting why the cluster takes no steps now (EMR's state); null while it takes them
 */
public record ClusterLoad(String clusterId, int active, int queued, String notAccepting, Map<String, UserShare> users) {

    /**
     * One user's part of a cluster.
     *
     * @param servedAt epoch ms of the user's last dispatch, or of their first wait if never served:
     *     of users equally served, the one served longest ago goes first
     */
    public record UserShare(String user, int active, int queued, long servedAt) {

        public static UserShare none(String user) {
            return new UserShare(user, 0, 0, 0);
        }
    }

    public ClusterLoad {
        users = Map.copyOf(users);
    }

    public static ClusterLoad empty(String clusterId) {
        return new ClusterLoad(clusterId, 0, 0, null, Map.of());
    }

    public UserShare user(String user) {
        return users.getOrDefault(user, UserShare.none(user));
    }

    /** The load after one of the user's queued batches took a slot at {@code now}. */
    public ClusterLoad afterDispatch(String user, long now) {
        UserShare share = user(user);
        Map<String, UserShare> newUsers = new LinkedHashMap<>(users);
        newUsers.put(user, new UserShare(user, share.active() + 1, share.queued() - 1, now));
        return new ClusterLoad(clusterId, active + 1, queued - 1, notAccepting, newUsers);
    }
}
