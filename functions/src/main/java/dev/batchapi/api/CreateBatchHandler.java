package dev.batchapi.api;

import dev.batchapi.batch.BatchService;
import dev.batchapi.batch.Caller;
import dev.batchapi.batch.CreateResult;
import dev.batchapi.config.AppContext;
import dev.batchapi.errors.BadRequestException;
import dev.batchapi.errors.PayloadTooLargeException;
import dev.batchapi.errors.UnsupportedMediaTypeException;
import java.util.Locale;

/** POST /api/v1/batches: answers 200 with the created Batch (Kyuubi's code; its clients expect it). */
public final class CreateBatchHandler extends BatchApiHandler {

    /** A JSON batch request is a few KB; a megabyte leaves room for long conf and args. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    public CreateBatchHandler() {
        this(AppContext.production());
    }

    public CreateBatchHandler(AppContext context) {
        super(context);
    }

    @Override
    protected Object handle(HttpRequest request, Caller caller, BatchService service) {
        checkContentType(request.header("content-type").orElse(null));
        if (request.body().length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("The request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        CreateResult result = service.create(caller, BatchJson.request(request.bodyText()));
        return BatchJson.batch(result.batch(), result.duplicated());
    }

    /** JSON, or no type at all (curl -d users); multipart is the resource upload, not enabled here. */
    private static void checkContentType(String contentType) {
        if (contentType == null) {
            return;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/json") || mediaType.isEmpty()) {
            return;
        }
        if (mediaType.equals("multipart/form-data")) {
            // Kyuubi's words when its upload is off.
            throw new BadRequestException("Batch resource upload function is disabled.");
        }
        throw new UnsupportedMediaTypeException("Content-Type " + mediaType
                + " is not supported: send the batch request as application/json");
    }
}
