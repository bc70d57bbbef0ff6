package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.SdkCallRecorder.QueryCost;
import dev.batchapi.support.TestApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lists over a fixed set of batches: 30 of alice's SPARK batches, 10 of bob's PYSPARK batches named
 * "etl", 5 of carol's FLINK batches, created in that order; two of alice's are killed.
 */
class ListBatchesIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static TestApi api;
    private static final List<String> created = new ArrayList<>();
    private static final List<String> killed = new ArrayList<>();
    private static long middleCreateTime;

    @BeforeAll
    static void createBatches() throws InterruptedException {
        api = new TestApi(aws.context());
        for (int i = 0; i < 45; i++) {
            String body = i < 30 ? "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}"
                    : i < 40 ? "{\"batchType\":\"PYSPARK\",\"resource\":\"a.py\",\"name\":\"etl\"}"
                    : "{\"batchType\":\"FLINK\",\"resource\":\"f.jar\",\"className\":\"f.Job\"}";
            String user = i < 30 ? "alice" : i < 40 ? "bob" : "carol";
            ApiResponse batch = api.create(user, body);
            created.add(batch.string("id"));
            if (i == 22) {
                middleCreateTime = batch.number("createTime") + 1;
                Thread.sleep(2);
            }
        }
        killed.add(created.get(3));
        killed.add(created.get(4));
        killed.forEach(id -> api.kill("alice", id));
    }

    @Test
    void listsInCreationOrderByDefaultWithKyuubisEnvelope() {
        ApiResponse page = api.list("alice", "size", "1000");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().keySet()).containsExactly("from", "total", "batches");
        assertThat(page.number("from")).isZero();
        assertThat(page.number("total")).isEqualTo(45);
        assertThat(ids(page)).isEqualTo(created);
    }

    @Test
    void pagesWithFromAndSizeAndTotalCountsThePage() {
        ApiResponse page = api.list("alice", "from", "10", "size", "5");

        assertThat(page.number("from")).isEqualTo(10);
        assertThat(page.number("total")).isEqualTo(5);
        assertThat(ids(page)).isEqualTo(created.subList(10, 15));
        assertThat(ids(api.list("alice", "from", "43", "size", "5"))).isEqualTo(created.subList(43, 45));
        assertThat(ids(api.list("alice", "from", "45"))).isEmpty();
    }

    @Test
    void descListsNewestFirst() {
        assertThat(ids(api.list("alice", "desc", "true", "size", "3")))
                .containsExactly(created.get(44), created.get(43), created.get(42));
        assertThat(ids(api.list("alice", "desc", "TRUE", "from", "44"))).containsExactly(created.get(0));
    }

    @Test
    void defaultsToAHundredAndANegativeFromCountsAsZero() {
        ApiResponse page = api.list("alice", "from", "-3");

        assertThat(page.number("from")).isEqualTo(-3);
        assertThat(ids(page)).isEqualTo(created);
    }

    @Test
    void sizeZeroGivesAnEmptyPage() {
        ApiResponse page = api.list("alice", "size", "0");

        assertThat(page.number("total")).isZero();
        assertThat(page.list("batches")).isEmpty();
    }

    @Test
    void filtersByTypeCaseInsensitivelyByUserByNameAndByState() {
        assertThat(ids(api.list("x", "batchType", "pyspark"))).isEqualTo(created.subList(30, 40));
        assertThat(ids(api.list("x", "batchType", ""))).hasSize(45);
        assertThat(ids(api.list("x", "batchType", "HIVE"))).isEmpty();
        assertThat(ids(api.list("x", "batchUser", "carol"))).isEqualTo(created.subList(40, 45));
        assertThat(ids(api.list("x", "batchUser", "Carol"))).isEmpty();
        assertThat(ids(api.list("x", "batchName", "etl"))).isEqualTo(created.subList(30, 40));
        assertThat(ids(api.list("x", "batchState", "canceled"))).isEqualTo(killed);
        assertThat(ids(api.list("x", "batchState", "PENDING"))).hasSize(43);
        assertThat(ids(api.list("x", "batchState", "FINISHED"))).isEmpty();
    }

    @Test
    void combinesFilters() {
        assertThat(ids(api.list("x", "batchUser", "alice", "batchState", "CANCELED", "batchType", "SPARK")))
                .isEqualTo(killed);
        assertThat(ids(api.list("x", "batchUser", "bob", "batchType", "SPARK"))).isEmpty();
        assertThat(ids(api.list("x", "batchName", "etl", "batchUser", "bob", "from", "8", "size", "5")))
                .isEqualTo(created.subList(38, 40));
    }

    @Test
    void filtersByCreateTimeAndEndTime() {
        assertThat(ids(api.list("x", "createTime", Long.toString(middleCreateTime)))).isEqualTo(created.subList(23, 45));
        long killedAt = api.get("x", killed.get(1)).number("endTime");
        assertThat(ids(api.list("x", "endTime", Long.toString(killedAt)))).isEqualTo(killed);
        assertThat(ids(api.list("x", "createTime", Long.toString(middleCreateTime), "endTime", Long.toString(killedAt))))
                .isEmpty();
    }

    @Test
    void aPageCostsReadsInProportionToFromPlusSizeNotToTheTable() {
        aws.calls().clear();
        api.list("x", "size", "5");
        QueryCost firstPage = onlyQuery();
        api.list("x", "from", "20", "size", "5");
        QueryCost laterPage = onlyQuery();
        api.list("x", "batchUser", "carol", "size", "2");
        QueryCost byUser = onlyQuery();

        assertThat(firstPage.indexName()).isEqualTo("byCreateTime");
        assertThat(firstPage.scannedCount()).isEqualTo(5);
        assertThat(laterPage.scannedCount()).isEqualTo(25);
        assertThat(byUser.indexName()).isEqualTo("byUser");
        assertThat(byUser.scannedCount()).isEqualTo(2);
        // an item here is under 1 KB: 5 items fit one 4 KB read unit, halved for eventual consistency
        assertThat(firstPage.capacityUnits()).isLessThanOrEqualTo(1.0);
        assertThat(laterPage.capacityUnits()).isGreaterThan(firstPage.capacityUnits());
    }

    @Test
    void everyBadParameterIsA400NamingIt() {
        assertBadRequest(() -> api.list("x", "batchState", "DONE"), "Invalid batchState DONE: The valid batch state "
                + "can be one of the following: PENDING,RUNNING,FINISHED,ERROR,CANCELED");
        assertBadRequest(() -> api.list("x", "size", "-1"), "Invalid size -1: size must be between 0 and 1000");
        assertBadRequest(() -> api.list("x", "size", "1001"), "Invalid size 1001: size must be between 0 and 1000");
        assertBadRequest(() -> api.list("x", "size", "ten"), "Invalid size: 'ten' is not an integer");
        assertBadRequest(() -> api.list("x", "from", "1.5"), "Invalid from: '1.5' is not an integer");
        assertBadRequest(() -> api.list("x", "createTime", "yesterday"), "Invalid createTime: 'yesterday' is not an integer");
        assertBadRequest(() -> api.list("x", "createTime", "-1"), "Invalid time range: createTime must not be negative");
        assertBadRequest(() -> api.list("x", "endTime", "-1"), "Invalid time range: endTime must not be negative");
        assertBadRequest(() -> api.list("x", "createTime", "20", "endTime", "10"),
                "Invalid time range: endTime 10 is before createTime 20");
        assertBadRequest(() -> api.list("x", "desc", "yes"), "Invalid desc: 'yes' is not true or false");
        assertBadRequest(() -> api.list("x", "from", "2000000000", "size", "1"), "Invalid from 2000000000 and size 1:"
                + " from + size must be at most 10000; narrow the list with createTime, endTime or a filter instead");
    }

    @Test
    void aFilterNoBatchCanMatchIsAnEmptyPageWithoutAskingTheStore() {
        String nameTooLongToStore = "\u4E2D".repeat(683);
        String userTooLongToBe = "u".repeat(513);
        aws.calls().clear();

        for (ApiResponse page : List.of(api.list("x", "batchName", nameTooLongToStore), api.list("x", "batchUser", userTooLongToBe),
                api.list("x", "batchType", "HIVE".repeat(1000)), api.list("x", "batchType", "hive"))) {
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.number("total")).isZero();
            assertThat(page.list("batches")).isEmpty();
        }
        assertThat(aws.calls().queries()).isEmpty();
    }

    private static QueryCost onlyQuery() {
        List<QueryCost> queries = aws.calls().queries();
        aws.calls().clear();
        assertThat(queries).hasSize(1);
        return queries.get(0);
    }

    private static void assertBadRequest(Supplier<ApiResponse> call, String message) {
        ApiResponse response = call.get();
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json()).isEqualTo(Map.of("message", message));
    }

    private static List<String> ids(ApiResponse page) {
        return page.list("batches").stream().map(batch -> (String) batch.get("id")).toList();
    }
}
