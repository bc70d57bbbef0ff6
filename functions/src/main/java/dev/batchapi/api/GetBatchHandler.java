package dev.batchapi.api;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchService;
import dev.batchapi.batch.Caller;
import dev.batchapi.config.AppContext;
import dev.batchapi.wire.KyuubiBatch;
import java.util.List;

/** GET /api/v1/batches/{batchId}. */
public final class GetBatchHandler extends BatchApiHandler {

    public GetBatchHandler() {
        this(AppContext.production());
    }

    public GetBatchHandler(AppContext context) {
        super(context, List.of(PrimingRequest.get(), PrimingRequest.getOnStub()));
    }

    @Override
    protected Object handle(HttpRequest request, Caller caller, BatchService service) {
        Batch batch = service.get(caller, request.pathParameter("batchId"));
        return KyuubiBatch.of(batch, service.batchInfo(batch));
    }
}
