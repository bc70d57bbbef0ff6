package dev.batchapi.store;

import dev.batchapi.batch.AppInfo;
import dev.batchapi.batch.AppState;
import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchSpec;
import dev.batchapi.batch.BatchState;
import dev.batchapi.batch.BatchType;
import dev.batchapi.batch.Placement;
import dev.batchapi.batch.RunLimits;
import dev.batchapi.batch.Scheduling;
import dev.batchapi.json.Json;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's answers about one batch, as this store writes it, for SnapStart priming's loopback stub
 * to serve: a GetItem of it, a Query that finds it, an update that returns it. With them the GET, list
 * and create functions run their whole answer before the snapshot (the item read or written, the
 * batch as JSON) without reaching the table.
 */
public final class PrimingAnswers {

    /** A batch no caller has: its id is a UUID no generator makes, its owner the priming's own caller. */
    public static final String BATCH_ID = "00000000-0000-4000-8000-000000000001";

    private PrimingAnswers() {
    }

    /** The GetItem answer of {@link #BATCH_ID}. */
    public static String getItem(String user) {
        return Json.write(Map.of("Item", ItemJson.write(BatchItems.toItem(batch(user)))));
    }

    /** An UpdateItem answer that returns {@link #BATCH_ID} as updated (the store asks for the item it wrote). */
    public static String updateItem(String user) {
        return Json.write(Map.of("Attributes", ItemJson.write(BatchItems.toItem(batch(user)))));
    }

    /** A Query answer of one page that holds {@link #BATCH_ID}. */
    public static String query(String user) {
        return Json.write(Map.of("Items", List.of(ItemJson.write(BatchItems.toItem(batch(user)))), "Count", 1, "ScannedCount", 1));
    }

    private static Batch batch(String user) {
        return new Batch(BATCH_ID, user, BatchType.SPARK, "snapstart-priming",
                new BatchSpec("s3://snapstart-priming/app.jar", "priming.Main", Map.of("spark.executor.memory", "1g"),
                        List.of("1")),
                BatchState.RUNNING,
                new AppInfo("s-SNAPSTARTPRIMING", "https://snapstart-priming.invalid/", AppState.RUNNING, null,
                        1_700_000_001_000L),
                null, 1_700_000_000_000L, 0, "j-SNAPSTARTPRIMING", "s-SNAPSTARTPRIMING", null, 0,
                new Scheduling(Placement.ADMITTED, 1, 0, RunLimits.DEFAULT, null));
    }
}
