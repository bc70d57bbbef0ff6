package dev.batchapi.config;

import java.net.URI;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Sends a client's requests to SnapStart priming's loopback stub while, and on the thread where,
 * priming serves a synthetic request through a handler: the handler's own calls then run their whole
 * way, HTTP exchange included, and never reach AWS. Otherwise a request goes where it was going.
 */
final class PrimingRedirect implements ExecutionInterceptor {

    private final ThreadLocal<URI> stub = new ThreadLocal<>();

    void run(URI endpoint, Runnable calls) {
        stub.set(endpoint);
        try {
            calls.run();
        } finally {
            stub.remove();
        }
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        URI endpoint = stub.get();
        SdkHttpRequest request = context.httpRequest();
        return endpoint == null ? request
                : request.toBuilder().protocol(endpoint.getScheme()).host(endpoint.getHost()).port(endpoint.getPort()).build();
    }
}
