package dev.batchapi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.batch.BatchStore;
import dev.batchapi.batch.ClusterLoad;
import dev.batchapi.batch.FairShare;
import dev.batchapi.batch.ShareLimits;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepState;
import dev.batchapi.store.DynamoDbBatchStore;
import dev.batchapi.support.AtOnce;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dispatchers racing for one cluster's free slots: scheduled syncs, step events and creates, each a
 * function instance of its own, started at once. Over seeded rounds (limits, users, queue lengths and
 * racers drawn from the seed): never two steps for a batch, never more active steps than the limit or a
 * user's share, every user's batches started oldest first, and no slot left free while a batch that
 * may take it waits.
 */
class DispatchRaceIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String SPARK = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}";
    private static final int ROUNDS = 12;

    private final BatchStore store = new DynamoDbBatchStore(aws::dynamoDb, LocalAws.TABLE, Duration.ofDays(1));

    @Test
    void racingDispatchersGiveEachBatchOneStepAndNeverOverfillTheCluster() throws Exception {
        for (long seed = 1; seed <= ROUNDS; seed++) {
            round(new Random(seed), seed);
        }
    }

    private void round(Random random, long seed) throws Exception {
        int limit = 2 + random.nextInt(5);
        int cap = random.nextInt(3);
        int users = 1 + random.nextInt(4);
        String cluster = aws.emr().createCluster(ClusterSpec.named("race-" + seed).withStepConcurrencyLevel(256));
        Map<String, String> env = Map.of(Config.CLUSTER_ID, cluster, Config.MAX_ACTIVE_STEPS, Integer.toString(limit),
                Config.MAX_ACTIVE_PER_USER, Integer.toString(cap));
        ShareLimits limits = new ShareLimits(limit, Map.of(), cap);
        TestApi api = new TestApi(aws.context(env));
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        int batches = limit + 3 + random.nextInt(10);
        for (int i = 0; i < batches; i++) {
            String user = "user-" + random.nextInt(users);
            byUser.computeIfAbsent(user, any -> new ArrayList<>()).add(api.create(user, SPARK).string("id"));
        }
        // Some running steps end, unseen: their slots are what the racers fill.
        List<Step> running = aws.emr().steps(cluster);
        List<Step> ended = running.subList(0, 1 + random.nextInt(running.size()));
        ended.forEach(step -> aws.steps().completeStep(cluster, step.id()));

        List<Callable<Object>> racers = new ArrayList<>();
        for (int i = 0; i < 2 + random.nextInt(4); i++) {
            AppContext function = aws.context(env);
            racers.add(switch (random.nextInt(3)) {
                case 0 -> () -> Events.handle(new SyncBatchStatesHandler(function), Events.SCHEDULED);
                case 1 -> {
                    Step step = ended.get(random.nextInt(ended.size()));
                    yield () -> Events.handle(new StepStatusChangeHandler(function), Events.stepChange(cluster, step, "COMPLETED"));
                }
                default -> {
                    String user = "user-" + random.nextInt(users);
                    yield () -> Map.entry(user, new TestApi(function).create(user, SPARK).string("id"));
                }
            });
        }
        // A batch created while the others race is newer than all before it: last in its user's order.
        AtOnce.run(racers).stream().filter(Map.Entry.class::isInstance).map(answer -> (Map.Entry<?, ?>) answer)
                .forEach(created -> byUser.computeIfAbsent((String) created.getKey(), any -> new ArrayList<>())
                        .add((String) created.getValue()));
        // The event racers may have run before a sync ended the steps they name: one more sync settles the rest.
        Events.handle(new SyncBatchStatesHandler(aws.context(env)), Events.SCHEDULED);

        List<Step> steps = aws.emr().steps(cluster);
        ClusterLoad load = store.load(cluster);
        String round = "seed " + seed + ": limit " + limit + ", cap " + cap + ", " + users + " users, " + batches + " batches";
        byUser.values().forEach(ids -> ids.forEach(id -> assertThat(steps).as(round).filteredOn(step -> step.name().startsWith(id))
                .hasSizeLessThanOrEqualTo(1)));
        long active = steps.stream().filter(step -> step.state() == StepState.PENDING || step.state() == StepState.RUNNING)
                .count();
        assertThat(active).as(round).isEqualTo(load.active()).isLessThanOrEqualTo(limit);
        load.users().values().forEach(share -> assertThat(share.active()).as(round + " " + share.user())
                .isLessThanOrEqualTo(cap == 0 ? limit : cap));
        assertThat(FairShare.next(load, limits, Set.of())).as(round + ": a slot free while a batch may take it").isEmpty();
        byUser.forEach((user, ids) -> {
            List<Boolean> started = ids.stream().map(id -> steps.stream().anyMatch(step -> step.name().startsWith(id))).toList();
            assertThat(started.indexOf(false) < 0 || !started.subList(started.indexOf(false), started.size()).contains(true))
                    .as(round + ": " + user + "'s batches start oldest first: " + started).isTrue();
        });
    }
}
