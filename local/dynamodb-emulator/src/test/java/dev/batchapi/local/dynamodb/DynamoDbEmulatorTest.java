package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

class DynamoDbEmulatorTest extends DynamoDbClientTest {

    @Test
    void sweepDeletesItemsWhoseTtlHasPassed() {
        createTable("jobs", "pk", null);
        client.updateTimeToLive(request -> request.tableName("jobs")
                .timeToLiveSpecification(spec -> spec.attributeName("expiresAt").enabled(true)));
        put("jobs", item("pk", s("expired"), "expiresAt", n("1000")));
        put("jobs", item("pk", s("now"), "expiresAt", n("2000")));
        put("jobs", item("pk", s("later"), "expiresAt", n("2000.5")));
        put("jobs", item("pk", s("not-a-number"), "expiresAt", s("1000")));
        put("jobs", item("pk", s("no-ttl")));

        int deleted = emulator.sweepExpiredItems(Instant.ofEpochSecond(2000));

        assertThat(deleted).isEqualTo(2);
        assertThat(client.scan(request -> request.tableName("jobs")).items())
                .extracting(item -> item.get("pk").s())
                .containsExactlyInAnyOrder("later", "not-a-number", "no-ttl");
    }

    @Test
    void sweepLeavesTablesWithoutTtlAlone() {
        createTable("jobs", "pk", null);
        put("jobs", item("pk", s("a"), "expiresAt", n("1")));

        assertThat(emulator.sweepExpiredItems(Instant.now())).isZero();
    }

    @Test
    void aClosedEmulatorRefusesEveryCall() {
        emulator.close();

        assertThatThrownBy(() -> emulator.handle("ListTables", JsonNodeFactory.instance.objectNode()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrentConditionalPutsOnOneKeyHaveExactlyOneWinner() throws Exception {
        createTable("jobs", "pk", null);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String writer = "writer-" + i;
                Callable<Boolean> attempt = () -> {
                    start.await();
                    try {
                        client.putItem(request -> request.tableName("jobs")
                                .item(item("pk", s("job-1"), "owner", s(writer)))
                                .conditionExpression("attribute_not_exists(pk)"));
                        return true;
                    } catch (ConditionalCheckFailedException e) {
                        return false;
                    }
                };
                attempts.add(pool.submit(attempt));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> attempt : attempts) {
                winners += attempt.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
