package dev.batchapi.api;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchService;
import dev.batchapi.batch.Caller;
import dev.batchapi.batch.ListQuery;
import dev.batchapi.config.AppContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GET /api/v1/batches: Kyuubi's GetBatchesResponse, where total counts the page. */
public final class ListBatchesHandler extends BatchApiHandler {

    public ListBatchesHandler() {
        this(AppContext.production());
    }

    public ListBatchesHandler(AppContext context) {
        super(context, List.of(PrimingRequest.listOfNothing(), PrimingRequest.listOnStub()));
    }

    @Override
    protected Object handle(HttpRequest request, Caller caller, BatchService service) {
        QueryParameters query = new QueryParameters(request.query());
        int from = query.integer("from", 0);
        List<Batch> batches = service.list(ListQuery.of(
                query.string("batchType"),
                query.string("batchState"),
                query.string("batchUser"),
                query.string("batchName"),
                query.longInteger("createTime", 0),
                query.longInteger("endTime", 0),
                from,
                query.integer("size", ListQuery.DEFAULT_SIZE),
                query.bool("desc", false)));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("from", from);
        page.put("total", batches.size());
        page.put("batches", BatchJson.batches(batches));
        return page;
    }
}
