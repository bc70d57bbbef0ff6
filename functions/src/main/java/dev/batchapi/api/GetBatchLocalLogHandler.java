package dev.batchapi.api;

import dev.batchapi.batch.BatchService;
import dev.batchapi.batch.Caller;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.AwsService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GET /api/v1/batches/{batchId}/localLog: Kyuubi's OperationLog. */
public final class GetBatchLocalLogHandler extends BatchApiHandler {

    static final int DEFAULT_SIZE = 100;

    public GetBatchLocalLogHandler() {
        this(AppContext.production());
    }

    public GetBatchLocalLogHandler(AppContext context) {
        super(context, List.of(PrimingRequest.localLog()));
        // The cluster's LogUri, and the step's output there.
        context.aws().prepare(AwsService.EMR, AwsService.S3);
    }

    @Override
    protected Object handle(HttpRequest request, Caller caller, BatchService service) {
        QueryParameters query = new QueryParameters(request.query());
        List<String> lines = service.localLog(caller, request.pathParameter("batchId"),
                query.integer("from", -1), query.integer("size", DEFAULT_SIZE));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("logRowSet", lines);
        body.put("rowCount", lines.size());
        return body;
    }
}
