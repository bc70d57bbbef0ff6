package dev.batchapi.batch;

import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * Who gets a cluster's next free slot: of the users with a batch waiting and room in their share,
 * the one with the fewest active steps on the cluster, and of those the one served longest ago;
 * within a user, the oldest batch (FIFO). So one user's long queue never delays another user's first
 * batch by more than one slot per user waiting.
 */
public final class FairShare {

    private static final Comparator<ClusterLoad.UserShare> ORDER = Comparator
            .comparingInt(ClusterLoad.UserShare::active)
            .thenComparingLong(ClusterLoad.UserShare::servedAt)
            .thenComparing(ClusterLoad.UserShare::user);

    private FairShare() {
    }

    /**
     * @param passedOver users whose queued batches could not be found just now (the queue's index lags)
     * @return the user whose oldest queued batch takes the next slot; empty if no slot is free or no one may take it
     */
    public static Optional<String> next(ClusterLoad load, ShareLimits limits, Set<String> passedOver) {
        if (load.notAccepting() != null || load.active() >= limits.maxActive(load.clusterId())) {
            return Optional.empty();
        }
        return load.users().values().stream()
                .filter(share -> share.queued() > 0 && !passedOver.contains(share.user()))
                .filter(share -> limits.perUser().isEmpty() || share.active() < limits.perUser().getAsInt())
                .min(ORDER)
                .map(ClusterLoad.UserShare::user);
    }

    /** Why a batch of this user waits, in the words the contract gives, then the figures. */
    public static String reason(ClusterLoad load, String user, ShareLimits limits) {
        ClusterLoad.UserShare share = load.user(user);
        int max = limits.maxActive(load.clusterId());
        if (load.notAccepting() != null) {
            return "cluster not accepting steps (" + load.notAccepting() + ")";
        }
        if (limits.perUser().isPresent() && share.active() >= limits.perUser().getAsInt()) {
            return "user at their share (" + user + " has " + share.active() + " of " + limits.perUser().getAsInt()
                    + " active steps on this cluster)";
        }
        if (load.active() >= max) {
            return "cluster at its limit (" + load.active() + " of " + max + " active steps)";
        }
        return "next in line (the cluster has a free slot; a dispatch is starting its batches)";
    }
}
