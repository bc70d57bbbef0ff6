package dev.batchapi.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.batchapi.api.CreateBatchHandler;
import dev.batchapi.api.DeleteBatchHandler;
import dev.batchapi.api.GetBatchHandler;
import dev.batchapi.api.GetBatchLocalLogHandler;
import dev.batchapi.api.ListBatchesHandler;
import dev.batchapi.config.AppContext;
import java.util.List;

/** The five functions of the API over one object graph, called as API Gateway calls them. */
public final class TestApi {

    private final ListBatchesHandler list;
    private final CreateBatchHandler create;
    private final GetBatchHandler get;
    private final DeleteBatchHandler delete;
    private final GetBatchLocalLogHandler localLog;

    public TestApi(AppContext context) {
        this.list = new ListBatchesHandler(context);
        this.create = new CreateBatchHandler(context);
        this.get = new GetBatchHandler(context);
        this.delete = new DeleteBatchHandler(context);
        this.localLog = new GetBatchLocalLogHandler(context);
    }

    public ApiResponse create(String user, String json) {
        return call(create, ApiEvents.request("POST", "/api/v1/batches").json(json).asIamUser(user).build());
    }

    public ApiResponse get(String user, String batchId) {
        return call(get, ApiEvents.request("GET", "/api/v1/batches/" + batchId)
                .pathParameter("batchId", batchId).asIamUser(user).build());
    }

    public ApiResponse kill(String user, String batchId) {
        return call(delete, ApiEvents.request("DELETE", "/api/v1/batches/" + batchId)
                .pathParameter("batchId", batchId).asIamUser(user).build());
    }

    /** {@code from} and {@code size} are sent as given (any value, to test bad ones); null leaves one out. */
    public ApiResponse localLog(String user, String batchId, Object from, Object size) {
        ApiEvents event = ApiEvents.request("GET", "/api/v1/batches/" + batchId + "/localLog")
                .pathParameter("batchId", batchId).asIamUser(user);
        if (from != null) {
            event.query("from", from.toString());
        }
        if (size != null) {
            event.query("size", size.toString());
        }
        return call(localLog, event.build());
    }

    /** The batch's whole log (its first 1,000 lines), as this user reads it. */
    @SuppressWarnings("unchecked")
    public List<String> logLines(String user, String batchId) {
        ApiResponse log = localLog(user, batchId, 0, 1000);
        if (log.status() != 200) {
            throw new AssertionError("localLog answered " + log.status() + ": " + log.body());
        }
        return (List<String>) log.json().get("logRowSet");
    }

    /** A list call; {@code query} holds name/value pairs. */
    public ApiResponse list(String user, String... query) {
        ApiEvents event = ApiEvents.request("GET", "/api/v1/batches").asIamUser(user);
        for (int i = 0; i + 1 < query.length; i += 2) {
            event.query(query[i], query[i + 1]);
        }
        return call(list, event.build());
    }

    public ApiResponse listEvent(APIGatewayV2HTTPEvent event) {
        return call(list, event);
    }

    public ApiResponse getEvent(APIGatewayV2HTTPEvent event) {
        return call(get, event);
    }

    public ApiResponse createEvent(APIGatewayV2HTTPEvent event) {
        return call(create, event);
    }

    public ApiResponse killEvent(APIGatewayV2HTTPEvent event) {
        return call(delete, event);
    }

    private static ApiResponse call(dev.batchapi.api.HttpHandler handler, APIGatewayV2HTTPEvent event) {
        return ApiResponse.of(event, handler.handleRequest(event, null));
    }
}
