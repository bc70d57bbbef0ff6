package dev.batchapi.api;

import dev.batchapi.batch.BatchService;
import dev.batchapi.batch.Caller;
import dev.batchapi.config.AppContext;

/** An endpoint of the batch API: knows the caller and calls the shared service. */
abstract class BatchApiHandler extends HttpHandler {

    private final BatchService service;
    private final CallerResolver callers;
    private final CrossSiteCheck crossSite;

    BatchApiHandler(AppContext context) {
        this.service = context.service();
        this.callers = CallerResolver.of(context.config());
        this.crossSite = new CrossSiteCheck(context.config().allowedOrigins());
    }

    protected abstract Object handle(HttpRequest request, Caller caller, BatchService service);

    @Override
    protected final Object handle(HttpRequest request) {
        crossSite.check(request);
        return handle(request, callers.resolve(request), service);
    }
}
