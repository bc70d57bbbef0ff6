package dev.batchapi.uploads;

import dev.batchapi.batch.ResourceUploads;
import java.net.URI;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Uploads in the deployment's bucket: {@code s3://<bucket>/<prefix><batch-id>/<file>}, which EMR reads. */
public final class S3ResourceUploads implements ResourceUploads {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /** @param location {@code s3://bucket/prefix/} */
    public S3ResourceUploads(S3Client s3, URI location) {
        this.s3 = s3;
        this.bucket = location.getHost();
        this.prefix = location.getPath().substring(1);
    }

    @Override
    public String locate(String batchId, String fileName) {
        return "s3://" + bucket + "/" + key(batchId, fileName);
    }

    @Override
    public void store(String batchId, String fileName, byte[] content) {
        s3.putObject(request -> request.bucket(bucket).key(key(batchId, fileName)), RequestBody.fromBytes(content));
    }

    private String key(String batchId, String fileName) {
        return prefix + batchId + "/" + fileName;
    }
}
