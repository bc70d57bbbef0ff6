package dev.batchapi.api;

import dev.batchapi.batch.BatchService;
import dev.batchapi.batch.Caller;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.AwsService;
import dev.batchapi.config.Config;
import dev.batchapi.config.SnapStartPriming;
import java.util.List;

/** An endpoint of the batch API: knows the caller and calls the shared service. */
abstract class BatchApiHandler extends HttpHandler {

    private final BatchService service;
    private final CallerResolver callers;
    private final CrossSiteCheck crossSite;
    /** Held here: the checkpoint context holds it weakly. */
    private final SnapStartPriming priming;

    /** @param primingRequests what the endpoint answers while SnapStart primes it, after its clients */
    BatchApiHandler(AppContext context, List<PrimingRequest> primingRequests) {
        super(context.metrics());
        this.service = context.service();
        this.callers = CallerResolver.of(context.config());
        this.crossSite = new CrossSiteCheck(context.config().allowedOrigins());
        // Every endpoint reads the table; its other clients, each endpoint prepares itself.
        context.aws().prepare(AwsService.DYNAMODB);
        this.priming = SnapStartPriming.register(context, primingRequests.stream()
                .map(request -> new SnapStartPriming.Request(request.toString(), () -> answer(request, context.config()),
                        request.onStub()))
                .toList());
    }

    private void answer(PrimingRequest request, Config config) {
        int status = handleRequest(request.event(config), null).getStatusCode();
        if (status != request.expectedStatus()) {
            throw new IllegalStateException(request + " answered " + status + ", not " + request.expectedStatus());
        }
    }

    SnapStartPriming priming() {
        return priming;
    }

    protected abstract Object handle(HttpRequest request, Caller caller, BatchService service);

    @Override
    protected final Object handle(HttpRequest request) {
        crossSite.check(request);
        return handle(request, callers.resolve(request), service);
    }
}
