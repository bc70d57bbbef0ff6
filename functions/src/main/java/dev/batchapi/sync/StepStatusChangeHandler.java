package dev.batchapi.sync;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchSync;
import dev.batchapi.batch.Deadline;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.AwsService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EMR's "Step Status Change" events (source aws.emr), delivered by an EventBridge rule within
 * seconds of the change: brings the step's batch up to date at once instead of at the next run.
 */
public final class StepStatusChangeHandler extends EventHandler {

    private final BatchSync sync;

    public StepStatusChangeHandler() {
        this(AppContext.production());
    }

    public StepStatusChangeHandler(AppContext context) {
        super(context, EVENT_LIMITS);
        this.sync = context.sync();
        context.aws().prepare(AwsService.DYNAMODB, AwsService.EMR);
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Deadline deadline) {
        Map<?, ?> detail = (Map<?, ?>) event.get("detail");
        String clusterId = text(detail, "clusterId");
        String stepId = text(detail, "stepId");
        String name = text(detail, "name");
        if (clusterId == null || stepId == null || name == null) {
            return Map.of("ignored", "not an EMR step status change");
        }
        return sync.onStepEvent(clusterId, stepId, name)
                .map(StepStatusChangeHandler::summary)
                .orElseGet(() -> Map.of("ignored", "step " + stepId + " is not a batch of this API"));
    }

    private static Map<String, Object> summary(Batch batch) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("batchId", batch.id());
        json.put("state", batch.state().name());
        json.put("appState", batch.app().appState() == null ? null : batch.app().appState().name());
        return json;
    }
}
