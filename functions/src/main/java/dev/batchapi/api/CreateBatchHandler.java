package dev.batchapi.api;

import dev.batchapi.batch.BatchService;
import dev.batchapi.batch.Caller;
import dev.batchapi.batch.CreateResult;
import dev.batchapi.batch.ResourceFile;
import dev.batchapi.batch.Upload;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.AwsService;
import dev.batchapi.errors.BadRequestException;
import dev.batchapi.errors.PayloadTooLargeException;
import dev.batchapi.errors.UnsupportedMediaTypeException;
import dev.batchapi.text.Echo;
import dev.batchapi.wire.KyuubiBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * POST /api/v1/batches: a JSON BatchRequest, or multipart/form-data with the request and the files to
 * upload; answers 200 with the created Batch (Kyuubi's code; its clients expect it).
 */
public final class CreateBatchHandler extends BatchApiHandler {

    /** A JSON batch request is a few KB; a megabyte leaves room for long conf and args. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /**
     * An upload arrives base64-encoded in a Lambda event of at most 6 MB: 4 MB of files, and the request,
     * fit in that.
     */
    static final int MAX_UPLOAD_BYTES = 4 * 1024 * 1024;
    private static final String JSON = "application/json";
    private static final String MULTIPART = "multipart/form-data";
    private static final String BATCH_REQUEST = "batchRequest";
    private static final String RESOURCE_FILE = "resourceFile";

    public CreateBatchHandler() {
        this(AppContext.production());
    }

    public CreateBatchHandler(AppContext context) {
        super(context, List.of(PrimingRequest.refusedCreate(), PrimingRequest.createOnStub()));
        context.aws().prepare(AwsService.EMR);
        if (context.config().uploadsToS3()) {
            context.aws().prepare(AwsService.S3);
        }
    }

    @Override
    protected Object handle(HttpRequest request, Caller caller, BatchService service) {
        String mediaType = mediaType(request.header("content-type").orElse(null));
        int limit = mediaType.equals(MULTIPART) ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES;
        if (request.body().length > limit) {
            throw new PayloadTooLargeException("The request body is larger than " + limit + " bytes");
        }
        CreateResult result = switch (mediaType) {
            case MULTIPART -> createWithUpload(request, caller, service);
            case JSON -> service.create(caller, BatchJson.request(request.body(), "The request body"), Optional.empty());
            // A page of any site may have a browser send a body without a Content-Type (a Blob without a type)
            // with no CORS preflight: a body is read as JSON only when it says it is.
            case "" -> throw new UnsupportedMediaTypeException(
                    "The request has no Content-Type: send the batch request as application/json or multipart/form-data");
            default -> throw new UnsupportedMediaTypeException("Content-Type " + Echo.of(mediaType)
                    + " is not supported: send the batch request as application/json or multipart/form-data");
        };
        // Kyuubi answers a create with the Batch a GET returns: so does this, with the re-submit's mark first.
        Map<String, String> info = new LinkedHashMap<>();
        if (result.duplicated()) {
            info.put(BatchJson.DUPLICATED, "true");
        }
        info.putAll(service.batchInfo(result.batch()));
        return KyuubiBatch.of(result.batch(), info);
    }

    /**
     * Kyuubi's upload: the request in part batchRequest, the resource in part resourceFile, and each
     * extra resource in a file part named after the file (BatchRestApi.createBatch).
     */
    private static CreateResult createWithUpload(HttpRequest request, Caller caller, BatchService service) {
        service.checkUploadsEnabled();
        Map<String, MultipartForm.Part> parts =
                MultipartForm.parse(request.body(), request.header("content-type").orElseThrow());
        MultipartForm.Part batchRequest = parts.remove(BATCH_REQUEST);
        if (batchRequest == null) {
            // Kyuubi's words.
            throw new BadRequestException(
                    "batchRequest is required and please check the content type of batchRequest is application/json");
        }
        if (batchRequest.content().length > MAX_BODY_BYTES) {
            throw new BadRequestException("Malformed multipart/form-data body: the part batchRequest is larger than "
                    + MAX_BODY_BYTES + " bytes");
        }
        MultipartForm.Part resourceFile = parts.remove(RESOURCE_FILE);
        if (resourceFile == null || resourceFile.fileName() == null) {
            throw new BadRequestException("resourceFile is required: the file to run, as a part with a file name");
        }
        // Every other part is an extra resource, named by its part name (Kyuubi names it after the file);
        // the service refuses those extraResourcesMap does not name.
        List<ResourceFile> extras = parts.values().stream().map(part -> new ResourceFile(part.name(), part.content())).toList();
        return service.create(caller,
                BatchJson.request(batchRequest.content(), "The part batchRequest"),
                Optional.of(new Upload(new ResourceFile(ResourceFile.baseName(resourceFile.fileName()),
                        resourceFile.content()), extras)));
    }

    /** The media type of a Content-Type, lower case; empty without one. */
    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }
}
