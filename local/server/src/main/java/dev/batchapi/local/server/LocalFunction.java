package dev.batchapi.local.server;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.batchapi.config.AppContext;
import dev.batchapi.local.sam.SamTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/**
 * One function of template.yaml, as Lambda would hold it: its handler class (the Handler string),
 * built once over the stack's object graph, called with a fresh invocation context each time.
 */
final class LocalFunction {

    private final SamTemplate.Function declared;
    private final Object handler;
    private final Clock clock;

    /** A function around a handler built elsewhere (tests give their own). */
    LocalFunction(SamTemplate.Function declared, Object handler, Clock clock) {
        this.declared = declared;
        this.handler = handler;
        this.clock = clock;
    }

    /** Builds the handler with its AppContext constructor (the one tests use), or its no-arg one. */
    static LocalFunction of(SamTemplate.Function declared, AppContext context) {
        String className = declared.handler().split("::", 2)[0];
        try {
            Class<?> type = Class.forName(className);
            Object handler;
            try {
                Constructor<?> withContext = type.getConstructor(AppContext.class);
                handler = withContext.newInstance(context);
            } catch (NoSuchMethodException e) {
                handler = type.getConstructor().newInstance();
            }
            return new LocalFunction(declared, handler, context.clock());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + declared.logicalId() + " from " + declared.handler(), e);
        }
    }

    SamTemplate.Function declared() {
        return declared;
    }

    @SuppressWarnings("unchecked")
    APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
        return ((RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler).handleRequest(event, context());
    }

    /** Invokes a stream handler (EventBridge functions) with a JSON event; returns its answer. */
    String invoke(String event) {
        try {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ((RequestStreamHandler) handler).handleRequest(
                    new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), answer, context());
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LocalLambdaContext context() {
        return new LocalLambdaContext(UUID.randomUUID().toString(), declared.logicalId(),
                clock.instant().plusSeconds(declared.timeoutSeconds()), clock);
    }
}
