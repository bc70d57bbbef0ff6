package dev.batchapi.sync;

import dev.batchapi.batch.BatchSync;
import dev.batchapi.batch.Deadline;
import dev.batchapi.batch.SyncReport;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.AwsService;
import dev.batchapi.telemetry.Metric;
import dev.batchapi.telemetry.Metrics;
import java.util.Map;

/**
 * The scheduled sync (an EventBridge schedule, every minute by default): reconciles every active
 * batch. Each run counts, and counts as failed if it threw (the table could not be read) or could
 * not look at a cluster or a batch (EMR or the table did not answer for it).
 */
public final class SyncBatchStatesHandler extends EventHandler {

    private final BatchSync sync;
    private final Metrics metrics;

    public SyncBatchStatesHandler() {
        this(AppContext.production());
    }

    public SyncBatchStatesHandler(AppContext context) {
        super(context, EVENT_LIMITS);
        this.sync = context.sync();
        this.metrics = context.metrics();
        context.aws().prepare(AwsService.DYNAMODB, AwsService.EMR);
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Deadline deadline) {
        metrics.put(Metric.SYNC_RUNS, 1);
        SyncReport report;
        try {
            report = sync.syncActive(deadline);
        } catch (RuntimeException e) {
            metrics.put(Metric.SYNC_FAILURES, 1);
            throw e;
        }
        metrics.put(Metric.SYNC_FAILURES, report.failed() > 0 ? 1 : 0);
        return report.toJson();
    }
}
