package dev.batchapi.support;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API on 127.0.0.1: S3Proxy over an in-memory blob store, accepting any signature. The
 * S3 stand-in for step logs and uploads. S3Proxy 2.6 ignores {@code If-None-Match} on PutObject,
 * which S3 honours (a conditional write): a front of {@link ConditionalPutFront} answers those, and
 * passes every other request on.
 */
public final class LocalS3 implements AutoCloseable {

    private final BlobStoreContext store;
    private final S3Proxy proxy;
    private final ConditionalPutFront front;
    private final S3Client client;

    public LocalS3() throws Exception {
        store = ContextBuilder.newBuilder("transient").overrides(new Properties()).build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(store.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                // SDK 2.x sends flexible-checksum headers S3Proxy does not implement; S3 itself does.
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.onSpinWait();
        }
        front = ConditionalPutFront.start(URI.create("http://127.0.0.1:" + proxy.getPort()), store.getBlobStore());
        client = S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                // S3Proxy cannot read aws-chunked bodies with checksum trailers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .region(Region.US_EAST_1)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public URI endpoint() {
        return front.endpoint();
    }

    /** A client for the test's own reads and writes. */
    public S3Client client() {
        return client;
    }

    @Override
    public void close() throws Exception {
        client.close();
        front.close();
        proxy.stop();
        store.close();
    }
}
