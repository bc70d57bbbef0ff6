package dev.batchapi.api;

import dev.batchapi.batch.BatchService;
import dev.batchapi.batch.Caller;
import dev.batchapi.batch.KillResult;
import dev.batchapi.batch.ReservedConf;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.AwsService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DELETE /api/v1/batches/{batchId}: Kyuubi's CloseBatchResponse. */
public final class DeleteBatchHandler extends BatchApiHandler {

    public DeleteBatchHandler() {
        this(AppContext.production());
    }

    public DeleteBatchHandler(AppContext context) {
        super(context, List.of(PrimingRequest.delete()));
        context.aws().prepare(AwsService.EMR);
    }

    @Override
    protected Object handle(HttpRequest request, Caller caller, BatchService service) {
        KillResult result = service.kill(caller, request.pathParameter("batchId"),
                Optional.ofNullable(request.query().get(ReservedConf.HIVE_PROXY_USER)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", result.success());
        body.put("msg", result.message());
        return body;
    }
}
