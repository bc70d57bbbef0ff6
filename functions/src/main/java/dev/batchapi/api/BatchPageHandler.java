package dev.batchapi.api;

import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.errors.NotFoundException;
import dev.batchapi.telemetry.Metrics;
import dev.batchapi.text.Echo;
import java.time.Clock;
import java.util.Map;

/**
 * {@code GET /api/v1/ui} and its two files: the batch page, public in every auth mode (it calls the
 * API with the browser's credentials, and says so when the API is IAM's). Its files are read once,
 * when the function starts, and answered as stored, each with a Content-Security-Policy that lets
 * the page load its own script and style and call this API, nothing else: no inline script or style,
 * no other origin, no frame.
 */
public final class BatchPageHandler extends HttpHandler {

    static final String PAGE = "/api/v1/ui";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final Map<String, String> SAFETY = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    private final Map<String, WebFile> files;

    public BatchPageHandler() {
        this(Config.fromEnvironment(System.getenv()));
    }

    public BatchPageHandler(AppContext context) {
        this(context.metrics());
    }

    public BatchPageHandler(Config config) {
        this(Metrics.toStdout(config.metricsNamespace(), Clock.systemUTC()));
    }

    private BatchPageHandler(Metrics metrics) {
        super(metrics);
        this.files = Map.of(
                PAGE, file("index.html", "text/html; charset=utf-8"),
                PAGE + "/app.js", file("app.js", "text/javascript; charset=utf-8"),
                PAGE + "/app.css", file("app.css", "text/css; charset=utf-8"));
    }

    @Override
    protected Object handle(HttpRequest request) {
        WebFile file = files.get(request.path());
        if (file == null) {
            throw new NotFoundException("The batch page has no " + Echo.of(request.path()));
        }
        return file;
    }

    private static WebFile file(String name, String contentType) {
        return new WebFile(contentType, JarFile.text("/ui/" + name), SAFETY);
    }
}
