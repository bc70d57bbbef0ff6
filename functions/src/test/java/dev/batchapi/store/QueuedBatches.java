package dev.batchapi.store;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.Placement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes many queued batches at once, as a long run of creates would leave them (the batches in
 * their users' queues and the counters counting them), in BatchWriteItem's pages of 25 instead of a
 * transaction each: a fixture for tests of what the scheduler reads when the queue is long.
 */
public final class QueuedBatches {

    private QueuedBatches() {
    }

    /** @param batches new batches, all for one cluster, none of which is stored yet */
    public static void write(DynamoDbClient dynamo, String table, List<Batch> batches) {
        for (int i = 0; i < batches.size(); i += 25) {
            List<WriteRequest> writes = batches.subList(i, Math.min(batches.size(), i + 25)).stream()
                    .map(batch -> WriteRequest.builder().putRequest(put -> put.item(
                            BatchItems.toItem(batch.placed(Placement.QUEUED, 0)))).build())
                    .toList();
            dynamo.batchWriteItem(request -> request.requestItems(Map.of(table, writes)));
        }
        String clusterId = batches.get(0).clusterId();
        Map<String, Long> byUser = batches.stream().collect(Collectors.groupingBy(Batch::user, Collectors.counting()));
        dynamo.updateItem(new ItemUpdate().add(DynamoDbBatchStore.QUEUED_BATCHES, batches.size())
                .request(table, DynamoDbBatchStore.slotsKey(clusterId)));
        byUser.forEach((user, count) -> dynamo.updateItem(new ItemUpdate()
                .set(DynamoDbBatchStore.SHARE_USER, user)
                .add(DynamoDbBatchStore.QUEUED_BATCHES, count)
                .setIfAbsent(DynamoDbBatchStore.SERVED_AT, BatchItems.n(batches.get(0).createTime()))
                .request(table, DynamoDbBatchStore.userKey(clusterId, user))));
    }
}
