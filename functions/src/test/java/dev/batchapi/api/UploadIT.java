package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.batchapi.config.Config;
import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Kyuubi's multipart create: the request and the resource file in one call; the file goes to S3. */
class UploadIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String SPARK = "{\"batchType\":\"SPARK\",\"className\":\"org.example.Main\",\"args\":[\"1\"]}";

    private final TestApi api = new TestApi(aws.context());

    @Test
    void theUploadedJarBecomesTheResourceOfTheStep() throws IOException {
        byte[] jar = jar();

        ApiResponse created = api.createEvent(multipart("alice", part("batchRequest", null, "application/json",
                SPARK.getBytes(StandardCharsets.UTF_8)), part("resourceFile", "C:\\\\builds\\\\app-1.0.jar",
                "application/java-archive", jar)));

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.string("id");
        String key = "uploads/" + id + "/app-1.0.jar";
        assertThat(aws.s3().getObjectAsBytes(request -> request.bucket(LocalAws.UPLOAD_BUCKET).key(key)).asByteArray())
                .isEqualTo(jar);
        List<String> args = aws.emr().steps(aws.clusterId()).stream().filter(step -> step.name().startsWith(id))
                .findFirst().orElseThrow().config().hadoopJarStep().args();
        assertThat(args).containsSubsequence("--class", "org.example.Main", "s3://artifacts/" + key, "1");
    }

    @Test
    void aPythonFileIsTheResourceOfAPysparkBatch() {
        ApiResponse created = api.createEvent(multipart("alice",
                part("batchRequest", null, "application/json", "{\"batchType\":\"PYSPARK\"}".getBytes(StandardCharsets.UTF_8)),
                part("resourceFile", "job.py", "text/x-python", "print('hi')\n".getBytes(StandardCharsets.UTF_8))));

        assertThat(created.status()).isEqualTo(200);
        assertThat(objects()).anyMatch(key -> key.equals("uploads/" + created.string("id") + "/job.py"));
    }

    @Test
    void aDuplicateSubmitUploadsNothing() throws IOException {
        String id = UUID.randomUUID().toString();
        String request = "{\"batchType\":\"SPARK\",\"className\":\"a.B\",\"conf\":{\"kyuubi.batch.id\":\"" + id + "\"}}";
        api.createEvent(multipart("alice", part("batchRequest", null, "application/json", request.getBytes(StandardCharsets.UTF_8)),
                part("resourceFile", "first.jar", null, jar())));

        ApiResponse again = api.createEvent(multipart("alice", part("batchRequest", null, "application/json",
                request.getBytes(StandardCharsets.UTF_8)), part("resourceFile", "second.jar", null, jar())));

        assertThat(again.json()).containsEntry("batchInfo", Map.of("kyuubi.batch.duplicated", "true"));
        assertThat(objects()).contains("uploads/" + id + "/first.jar").doesNotContain("uploads/" + id + "/second.jar");
    }

    @Test
    void everyRefusalIsA4xxAndStoresNothing() throws IOException {
        byte[] request = SPARK.getBytes(StandardCharsets.UTF_8);
        byte[] jar = jar();
        TestApi noUploads = new TestApi(aws.context(Map.of(Config.UPLOAD_LOCATION, "")));

        assertRefused(() -> noUploads.createEvent(multipart("alice", part("batchRequest", null, null, request),
                part("resourceFile", "a.jar", null, jar))), 400, "Batch resource upload function is disabled.");
        assertRefused(() -> api.createEvent(multipart("alice", part("resourceFile", "a.jar", null, jar))), 400,
                "batchRequest is required and please check the content type of batchRequest is application/json");
        assertRefused(() -> api.createEvent(multipart("alice", part("batchRequest", null, null, request))), 400,
                "resourceFile is required: the file to run, as a part with a file name");
        assertRefused(() -> api.createEvent(multipart("alice", part("batchRequest", null, null, request),
                part("resourceFile", "notes.txt", null, jar))), 400, "resourceFile of a SPARK batch must be a .jar file");
        assertRefused(() -> api.createEvent(multipart("alice", part("batchRequest", null, null, request),
                part("resourceFile", "fake.jar", null, "not a zip".getBytes(StandardCharsets.UTF_8)))), 400,
                "resourceFile of a SPARK batch must be a .jar file");
        assertRefused(() -> api.createEvent(multipart("alice", part("batchRequest", null, null, request),
                part("resourceFile", "empty.jar", null, new byte[0]))), 400, "resourceFile empty.jar is empty");
        assertRefused(() -> api.createEvent(multipart("alice", part("batchRequest", null, null, request),
                part("resourceFile", "my app.jar", null, jar))), 400, "resourceFile name 'my app.jar' must be");
        assertRefused(() -> api.createEvent(multipart("alice", part("batchRequest", null, null,
                "{\"batchType\":\"HIVE\"}".getBytes(StandardCharsets.UTF_8)), part("resourceFile", "a.jar", null, jar))), 400,
                "batchType HIVE is not in the supported list");
        assertRefused(() -> api.createEvent(ApiEvents.request("POST", "/api/v1/batches").asIamUser("alice")
                .header("content-type", "multipart/form-data; boundary=zzz").json("garbage")
                .header("content-type", "multipart/form-data; boundary=zzz").build()), 400,
                "Malformed multipart/form-data body: no part");
        assertRefused(() -> api.createEvent(multipart("alice", part("batchRequest", null, null, request),
                part("resourceFile", "big.jar", null, new byte[4 * 1024 * 1024 + 1]))), 413,
                "The request body is larger than 4194304 bytes");
    }

    private void assertRefused(Supplier<ApiResponse> call, int status, String message) {
        var items = aws.tableItems();
        var uploads = objects();
        ApiResponse response = call.get();
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.message()).contains(message);
        assertThat(aws.tableItems()).isEqualTo(items);
        assertThat(objects()).isEqualTo(uploads);
    }

    private static List<String> objects() {
        return aws.s3().listObjectsV2Paginator(request -> request.bucket(LocalAws.UPLOAD_BUCKET)).contents().stream()
                .map(S3Object::key).toList();
    }

    private record Part(String name, String fileName, String contentType, byte[] content) {
    }

    private static Part part(String name, String fileName, String contentType, byte[] content) {
        return new Part(name, fileName, contentType, content);
    }

    /** A multipart create as API Gateway passes it on: the body base64-encoded. */
    private static APIGatewayV2HTTPEvent multipart(String user, Part... parts) {
        String boundary = "----kyuubi" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.fileName() == null ? "" : "; filename=\"" + part.fileName() + "\"") + "\r\n"
                    + (part.contentType() == null ? "" : "Content-Type: " + part.contentType() + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var event = ApiEvents.request("POST", "/api/v1/batches").asIamUser(user)
                .header("content-type", "multipart/form-data; boundary=" + boundary).build();
        event.setBody(Base64.getEncoder().encodeToString(body.toByteArray()));
        event.setIsBase64Encoded(true);
        return event;
    }

    private static byte[] jar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(new JarEntry("org/example/Main.class"));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }
}
