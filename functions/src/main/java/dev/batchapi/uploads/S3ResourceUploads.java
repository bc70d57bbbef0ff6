package dev.batchapi.uploads;

import dev.batchapi.batch.ResourceUploads;
import dev.batchapi.batch.UploadExistsException;
import java.net.URI;
import software.amazon.awssdk.core.sync.RequestBody;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Uploads in the deployment's bucket: {@code s3://<bucket>/<prefix><user>/<batch-id>/<file>} (the
 * user as {@link UploadPath} writes it), which EMR reads. Written with {@code If-None-Match: *}, so
 * S3 itself refuses to replace an object.
 */
public final class S3ResourceUploads implements ResourceUploads {

    private static final int PRECONDITION_FAILED = 412;
    /** S3's answer to a conditional write while another to the same key is in progress. */
    private static final int CONDITIONAL_REQUEST_CONFLICT = 409;

    private final Supplier<S3Client> s3;
    private final String bucket;
    private final String prefix;

    /** @param location {@code s3://bucket/prefix/} */
    public S3ResourceUploads(Supplier<S3Client> s3, URI location) {
        this.s3 = s3;
        this.bucket = location.getHost();
        this.prefix = location.getPath().substring(1);
    }

    @Override
    public String locate(String user, String batchId, String fileName) {
        return "s3://" + bucket + "/" + key(user, batchId, fileName);
    }

    @Override
    public void store(String user, String batchId, String fileName, byte[] content) {
        try {
            s3.get().putObject(request -> request.bucket(bucket).key(key(user, batchId, fileName)).ifNoneMatch("*"),
                    RequestBody.fromBytes(content));
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONDITIONAL_REQUEST_CONFLICT) {
                throw new UploadExistsException(locate(user, batchId, fileName));
            }
            throw e;
        }
    }

    private String key(String user, String batchId, String fileName) {
        return prefix + UploadPath.of(user, batchId, fileName);
    }
}
