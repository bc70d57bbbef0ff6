package dev.batchapi.logs;

import dev.batchapi.batch.log.StepLogLocation;
import dev.batchapi.batch.log.StepLogSource;
import dev.batchapi.telemetry.OpsLog;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Step output where EMR uploads it: {@code <LogUri>/<cluster-id>/steps/<step-id>/stdout.gz} (and
 * stderr.gz), pushed about every five minutes while the step runs and once at its end. Read as a
 * stream, only as far as the page needs; the rest of the object is never downloaded.
 */
public final class S3StepLogs implements StepLogSource {

    private final Supplier<S3Client> s3;

    public S3StepLogs(Supplier<S3Client> s3) {
        this.s3 = s3;
    }

    @Override
    public boolean reads(String logUri) {
        // EMR accepts s3n:// and s3a:// LogUris too; they name the same objects.
        return logUri.startsWith("s3://") || logUri.startsWith("s3n://") || logUri.startsWith("s3a://");
    }

    @Override
    public List<String> lines(StepLogLocation location, String file, long fromLine, int maxLines, boolean complete) {
        URI folder = URI.create(location.folder());
        String bucket = folder.getHost();
        String prefix = folder.getPath().substring(1);
        // EMR uploads gzipped files; a plain one is read too, if a tool put it there.
        return read(bucket, prefix + file + ".gz", true, fromLine, maxLines, complete)
                .or(() -> read(bucket, prefix + file, false, fromLine, maxLines, complete))
                .orElse(List.of());
    }

    private Optional<List<String>> read(String bucket, String key, boolean gzipped, long fromLine, int maxLines,
            boolean complete) {
        ResponseInputStream<GetObjectResponse> object;
        try {
            object = s3.get().getObject(request -> request.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            if (e.statusCode() == 403) {
                // Without s3:ListBucket, S3 answers a missing key with 403, not 404.
                OpsLog.info("step.log.unreadable", "bucket", bucket, "key", key, "status", 403);
                return Optional.empty();
            }
            throw e;
        }
        // Closing stops the download where the page ended, instead of draining a large object.
        InputStream abortOnClose = new FilterInputStream(object) {
            @Override
            public void close() throws IOException {
                object.abort();
                super.close();
            }
        };
        return Optional.of(LineWindow.read(abortOnClose, gzipped, fromLine, maxLines, complete));
    }
}
