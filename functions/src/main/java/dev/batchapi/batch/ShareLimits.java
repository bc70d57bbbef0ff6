package dev.batchapi.batch;

import java.util.Map;
import java.util.OptionalInt;

/**
 * How much of each cluster this deployment uses: the active steps it keeps on a cluster at most
 * (EMR refuses a cluster's 257th PENDING or RUNNING step), and optionally the active steps one user
 * may hold on one cluster, so that one user cannot fill a shared cluster.
 *
 * @param maxActiveByCluster by cluster id, a limit other than the default
 * @param maxActivePerUser 0: no per-user cap
 */
public record ShareLimits(int defaultMaxActive, Map<String, Integer> maxActiveByCluster, int maxActivePerUser) {

    /** EMR's limit of PENDING plus RUNNING steps on one cluster. */
    public static final int EMR_MAX_ACTIVE = 256;
    public static final int DEFAULT_MAX_ACTIVE = 200;
    public static final ShareLimits DEFAULT = new ShareLimits(DEFAULT_MAX_ACTIVE, Map.of(), 0);

    public ShareLimits {
        maxActiveByCluster = Map.copyOf(maxActiveByCluster);
        checkMaxActive(defaultMaxActive);
        maxActiveByCluster.values().forEach(ShareLimits::checkMaxActive);
        if (maxActivePerUser < 0) {
            throw new IllegalArgumentException("the per-user cap " + maxActivePerUser + " is negative (0: no cap)");
        }
    }

    public int maxActive(String clusterId) {
        return maxActiveByCluster.getOrDefault(clusterId, defaultMaxActive);
    }

    public OptionalInt perUser() {
        return maxActivePerUser == 0 ? OptionalInt.empty() : OptionalInt.of(maxActivePerUser);
    }

    /**
     * Whether a new batch of this user may take a slot at once: the cluster takes steps, is below
     * its limit and has no batch waiting (a new batch never overtakes a queued one), and the user is
     * below their share.
     */
    public boolean hasRoomFor(ClusterLoad load, String user) {
        return load.notAccepting() == null && load.queued() == 0 && load.active() < maxActive(load.clusterId())
                && (perUser().isEmpty() || load.user(user).active() < maxActivePerUser);
    }

    private static void checkMaxActive(int limit) {
        if (limit < 1 || limit > EMR_MAX_ACTIVE) {
            throw new IllegalArgumentException("a cluster's limit of active steps is " + limit
                    + ": it must be from 1 to " + EMR_MAX_ACTIVE + ", EMR's limit");
        }
    }
}
