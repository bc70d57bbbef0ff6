package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FairShareTest {

    private static final String CLUSTER = "j-1";

    @Test
    void theNextSlotGoesToTheUserWithFewestActiveStepsThenTheOneServedLongestAgo() {
        ClusterLoad load = load(5, Map.of(
                "alice", new ClusterLoad.UserShare("alice", 2, 9, 10),
                "bob", new ClusterLoad.UserShare("bob", 1, 1, 30),
                "carol", new ClusterLoad.UserShare("carol", 1, 4, 20),
                "dave", new ClusterLoad.UserShare("dave", 0, 0, 0)));

        assertThat(FairShare.next(load, limits(10, 0), Set.of())).contains("carol");
        assertThat(FairShare.next(load, limits(10, 0), Set.of("carol"))).contains("bob");
        assertThat(FairShare.next(load.afterDispatch("carol", 40), limits(10, 0), Set.of())).contains("bob");
    }

    @Test
    void noOneIsChosenWhenTheClusterIsFullOrNotAcceptingOrEveryoneWaitingIsAtTheirShare() {
        Map<String, ClusterLoad.UserShare> users = Map.of("alice", new ClusterLoad.UserShare("alice", 2, 3, 0));

        assertThat(FairShare.next(load(2, users), limits(2, 0), Set.of())).isEmpty();
        assertThat(FairShare.next(load(2, users), limits(3, 2), Set.of())).isEmpty();
        assertThat(FairShare.next(load(2, users), limits(3, 3), Set.of())).contains("alice");
        assertThat(FairShare.next(new ClusterLoad(CLUSTER, 2, 3, "EMR cluster j-1 is TERMINATING", users), limits(3, 0),
                Set.of())).isEmpty();
    }

    @Test
    void aQueuedBatchSaysWhyItWaitsInTheContractsWords() {
        Map<String, ClusterLoad.UserShare> users = Map.of("alice", new ClusterLoad.UserShare("alice", 2, 3, 0));

        assertThat(FairShare.reason(load(4, users), "alice", limits(4, 0)))
                .isEqualTo("cluster at its limit (4 of 4 active steps)");
        assertThat(FairShare.reason(load(4, users), "alice", limits(4, 2)))
                .isEqualTo("user at their share (alice has 2 of 2 active steps on this cluster)");
        assertThat(FairShare.reason(new ClusterLoad(CLUSTER, 4, 3, "EMR cluster j-1 is TERMINATING", users), "alice",
                limits(4, 2))).isEqualTo("cluster not accepting steps (EMR cluster j-1 is TERMINATING)");
        assertThat(FairShare.reason(load(3, users), "alice", limits(4, 0)))
                .startsWith("next in line");
    }

    /**
     * Random arrivals and step ends of several users, the free slots filled after each as the
     * dispatcher fills them: no user is ever above the cap, no slot stays free while a batch that may
     * take it waits, the slot goes to a user with the fewest active steps, and a user with none waits
     * for at most one dispatch to each other user.
     */
    @Test
    void overSeededRandomRunsTheShareIsFairAndNoSlotIdlesWhileABatchMayTakeIt() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            int users = 2 + random.nextInt(5);
            ShareLimits limits = limits(1 + random.nextInt(8), random.nextInt(4));
            Simulation cluster = new Simulation(limits);
            for (int event = 0; event < 200; event++) {
                String user = "user-" + random.nextInt(users);
                if (random.nextInt(3) > 0) {
                    cluster.arrive(user, event);
                } else {
                    cluster.end(user);
                }
                cluster.fill(event, "seed " + seed + " event " + event);
            }
        }
    }

    /** A cluster's counters driven by the rule, as the dispatcher drives them, checking every choice. */
    private static final class Simulation {

        private final ShareLimits limits;
        private final Map<String, Deque<Integer>> queues = new LinkedHashMap<>();
        private final Map<String, Integer> active = new HashMap<>();
        private final Map<String, Long> servedAt = new HashMap<>();
        /** By user with no active step and a batch waiting: the dispatches to others since it was so. */
        private final Map<String, Integer> overtaken = new HashMap<>();

        Simulation(ShareLimits limits) {
            this.limits = limits;
        }

        void arrive(String user, long now) {
            queues.computeIfAbsent(user, any -> new ArrayDeque<>()).add((int) now);
            servedAt.putIfAbsent(user, now);
        }

        void end(String user) {
            active.computeIfPresent(user, (any, count) -> count > 0 ? count - 1 : 0);
        }

        void fill(long now, String where) {
            Optional<String> next = FairShare.next(load(), limits, Set.of());
            while (next.isPresent()) {
                String user = next.get();
                int fewest = queues.keySet().stream().filter(this::mayTake).mapToInt(this::activeOf).min().orElseThrow();
                assertThat(activeOf(user)).as(where + ": the fewest active steps").isEqualTo(fewest);
                queues.get(user).poll();
                active.merge(user, 1, Integer::sum);
                servedAt.put(user, now);
                overtaken.remove(user);
                queues.keySet().stream().filter(other -> !other.equals(user) && activeOf(other) == 0
                        && !queues.get(other).isEmpty()).forEach(other -> overtaken.merge(other, 1, Integer::sum));
                overtaken.values().forEach(count -> assertThat(count).as(where + ": a first batch overtaken")
                        .isLessThan(queues.size()));
                limits.perUser().ifPresent(cap -> assertThat(activeOf(user)).as(where + ": the cap").isLessThanOrEqualTo(cap));
                next = FairShare.next(load(), limits, Set.of());
            }
            int total = active.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(total < limits.maxActive(CLUSTER) && queues.keySet().stream().anyMatch(this::mayTake))
                    .as(where + ": a slot free while a batch may take it").isFalse();
        }

        private boolean mayTake(String user) {
            return !queues.get(user).isEmpty()
                    && (limits.perUser().isEmpty() || activeOf(user) < limits.perUser().getAsInt());
        }

        private int activeOf(String user) {
            return active.getOrDefault(user, 0);
        }

        private ClusterLoad load() {
            Map<String, ClusterLoad.UserShare> shares = new HashMap<>();
            queues.forEach((user, queue) -> shares.put(user,
                    new ClusterLoad.UserShare(user, activeOf(user), queue.size(), servedAt.get(user))));
            return new ClusterLoad(CLUSTER, active.values().stream().mapToInt(Integer::intValue).sum(),
                    queues.values().stream().mapToInt(Deque::size).sum(), null, shares);
        }
    }

    private static ClusterLoad load(int active, Map<String, ClusterLoad.UserShare> users) {
        return new ClusterLoad(CLUSTER, active, users.values().stream().mapToInt(ClusterLoad.UserShare::queued).sum(), null,
                users);
    }

    private static ShareLimits limits(int maxActive, int perUser) {
        return new ShareLimits(maxActive, Map.of(), perUser);
    }
}
