package dev.batchapi.api;

import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.errors.MethodNotAllowedException;
import dev.batchapi.telemetry.Metrics;
import dev.batchapi.text.Echo;
import java.time.Clock;
import java.util.List;

/**
 * The catch-all (ANY) route of each API path: API Gateway sends a method the path does not serve
 * here, and it answers 405 rather than API Gateway's 404, to a caller the deployment's authentication
 * accepts (a caller it does not accept hears 401 first, as from every other route). Needs no AWS client.
 */
public final class MethodNotAllowedHandler extends HttpHandler {

    private final CallerResolver callers;

    public MethodNotAllowedHandler() {
        this(Config.fromEnvironment(System.getenv()));
    }

    public MethodNotAllowedHandler(AppContext context) {
        this(context.config(), context.metrics());
    }

    public MethodNotAllowedHandler(Config config) {
        this(config, Metrics.toStdout(config.metricsNamespace(), Clock.systemUTC()));
    }

    private MethodNotAllowedHandler(Config config, Metrics metrics) {
        super(metrics);
        this.callers = CallerResolver.of(config);
    }

    @Override
    protected Object handle(HttpRequest request) {
        callers.resolve(request);
        throw new MethodNotAllowedException("Method " + Echo.of(request.method()) + " is not allowed on "
                + Echo.of(request.path()),
                ApiPath.of(request.path()).map(ApiPath::methods).orElse(List.of()));
    }
}
