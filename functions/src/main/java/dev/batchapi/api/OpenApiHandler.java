package dev.batchapi.api;

import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.json.JsonText;
import dev.batchapi.telemetry.Metrics;
import java.time.Clock;

/**
 * {@code GET /api/v1/openapi.json}: the API's OpenAPI document (the resource {@value #DOCUMENT} of
 * this jar), public in every auth mode as Kyuubi serves its own. It is read once, when the function
 * starts, and answered as it is stored. Needs no AWS client and no caller.
 */
public final class OpenApiHandler extends HttpHandler {

    static final String DOCUMENT = "/openapi.json";

    private final JsonText document;

    public OpenApiHandler() {
        this(Config.fromEnvironment(System.getenv()));
    }

    public OpenApiHandler(AppContext context) {
        this(context.metrics());
    }

    /** Its metrics (a 5xx, should reading the document fail) go where the deployment's go. */
    public OpenApiHandler(Config config) {
        this(Metrics.toStdout(config.metricsNamespace(), Clock.systemUTC()));
    }

    private OpenApiHandler(Metrics metrics) {
        super(metrics);
        this.document = new JsonText(JarFile.text(DOCUMENT));
    }

    @Override
    protected Object handle(HttpRequest request) {
        return document;
    }
}
