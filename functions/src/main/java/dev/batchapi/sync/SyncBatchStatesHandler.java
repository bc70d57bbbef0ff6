package dev.batchapi.sync;

import dev.batchapi.batch.BatchSync;
import dev.batchapi.batch.Deadline;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.AwsService;
import java.util.Map;

/** The scheduled sync (an EventBridge schedule, every minute by default): reconciles every active batch. */
public final class SyncBatchStatesHandler extends EventHandler {

    private final BatchSync sync;

    public SyncBatchStatesHandler() {
        this(AppContext.production());
    }

    public SyncBatchStatesHandler(AppContext context) {
        super(context, EVENT_LIMITS);
        this.sync = context.sync();
        context.aws().prepare(AwsService.EMR);
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Deadline deadline) {
        return sync.syncActive(deadline).toJson();
    }
}
