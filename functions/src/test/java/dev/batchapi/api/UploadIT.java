package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.batchapi.batch.UploadExistsException;
import dev.batchapi.config.Config;
import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import dev.batchapi.uploads.S3ResourceUploads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
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
        String key = "uploads/alice/" + id + "/app-1.0.jar";
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
        assertThat(objects()).anyMatch(key -> key.equals("uploads/alice/" + created.string("id") + "/job.py"));
    }

    @Test
    void aDuplicateSubmitUploadsNothing() throws IOException {
        String id = UUID.randomUUID().toString();
        String request = "{\"batchType\":\"SPARK\",\"className\":\"a.B\",\"conf\":{\"kyuubi.batch.id\":\"" + id + "\"}}";
        api.createEvent(multipart("alice", part("batchRequest", null, "application/json", request.getBytes(StandardCharsets.UTF_8)),
                part("resourceFile", "first.jar", null, jar())));

        ApiResponse again = api.createEvent(multipart("alice", part("batchRequest", null, "application/json",
                request.getBytes(StandardCharsets.UTF_8)), part("resourceFile", "second.jar", null, jar())));

        assertThat(batchInfo(again)).containsEntry("kyuubi.batch.duplicated", "true")
                .containsEntry("batch.resource", "s3://artifacts/uploads/alice/" + id + "/first.jar");
        assertThat(objects()).contains("uploads/alice/" + id + "/first.jar").doesNotContain("uploads/alice/" + id + "/second.jar");
    }

    @Test
    void aStoredUploadIsNeverReplacedByS3() throws IOException {
        S3ResourceUploads uploads = new S3ResourceUploads(aws.awsClients()::s3, URI.create("s3://" + LocalAws.UPLOAD_BUCKET + "/uploads/"));
        String id = UUID.randomUUID().toString();
        byte[] first = jar();
        uploads.store("federated-user/bob", id, "app.jar", first);

        assertThatThrownBy(() -> uploads.store("federated-user/bob", id, "app.jar", "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UploadExistsException.class)
                .hasMessage("an uploaded file is already stored at s3://artifacts/uploads/federated-user%2Fbob/" + id + "/app.jar");
        assertThat(aws.s3().getObjectAsBytes(request -> request.bucket(LocalAws.UPLOAD_BUCKET)
                .key("uploads/federated-user%2Fbob/" + id + "/app.jar")).asByteArray()).isEqualTo(first);
    }

    @Test
    void ofTwoConcurrentCreatesOfOneBatchIdTheOneWhoseFileCameSecondAnswersTheFirstsBatchAsDuplicated()
            throws IOException {
        String id = UUID.randomUUID().toString();
        byte[] request = ("{\"batchType\":\"SPARK\",\"className\":\"a.B\",\"conf\":{\"kyuubi.batch.id\":\"" + id
                + "\"}}").getBytes(StandardCharsets.UTF_8);
        byte[] firstJar = jar();
        byte[] secondJar = jar("second");
        List<ApiResponse> first = new ArrayList<>();
        // The second create runs whole just before the first's upload reaches S3.
        aws.faults().interleaveBefore(call -> call instanceof PutObjectRequest, () -> first.add(api.createEvent(
                multipart("alice", part("batchRequest", null, null, request), part("resourceFile", "app.jar", null, firstJar)))));

        ApiResponse second = api.createEvent(multipart("alice", part("batchRequest", null, null, request),
                part("resourceFile", "app.jar", null, secondJar)));

        assertThat(first).singleElement().satisfies(response -> {
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json()).containsEntry("id", id);
            assertThat(batchInfo(response)).doesNotContainKey("kyuubi.batch.duplicated");
        });
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json()).containsEntry("id", id);
        assertThat(batchInfo(second)).containsEntry("kyuubi.batch.duplicated", "true");
        assertThat(aws.s3().getObjectAsBytes(r -> r.bucket(LocalAws.UPLOAD_BUCKET).key("uploads/alice/" + id + "/app.jar"))
                .asByteArray()).isEqualTo(firstJar);
        assertThat(aws.emr().steps(aws.clusterId())).filteredOn(step -> step.name().startsWith(id)).hasSize(1);
    }

    @Test
    void aCreateWhoseFileAnotherCreateStoredWithoutRecordingTheBatchIsA409() throws IOException {
        String id = UUID.randomUUID().toString();
        byte[] request = ("{\"batchType\":\"SPARK\",\"className\":\"a.B\",\"conf\":{\"kyuubi.batch.id\":\"" + id
                + "\"}}").getBytes(StandardCharsets.UTF_8);
        byte[] jar = jar();
        List<ApiResponse> first = new ArrayList<>();
        // The first create stores its file and dies before it writes the batch's record.
        aws.faults().interleaveBefore(call -> call instanceof PutObjectRequest, () -> {
            aws.faults().crashBefore(call -> call instanceof TransactWriteItemsRequest);
            first.add(api.createEvent(multipart("alice", part("batchRequest", null, null, request),
                    part("resourceFile", "app.jar", null, jar))));
        });
        String message = "The files of batch " + id + " were uploaded by another create with the same kyuubi.batch.id"
                + " that has not recorded the batch: it is still under way (retry in a few seconds) or it failed"
                + " (submit with a new kyuubi.batch.id)";

        ApiResponse second = api.createEvent(multipart("alice", part("batchRequest", null, null, request),
                part("resourceFile", "app.jar", null, jar)));
        ApiResponse retry = api.createEvent(multipart("alice", part("batchRequest", null, null, request),
                part("resourceFile", "app.jar", null, jar)));

        assertThat(first).singleElement().satisfies(response -> assertThat(response.status()).isEqualTo(500));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json()).isEqualTo(Map.of("message", message));
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.message()).isEqualTo(message);
        assertThat(api.get("alice", id).status()).isEqualTo(404);
        assertThat(aws.emr().steps(aws.clusterId())).filteredOn(step -> step.name().startsWith(id)).isEmpty();
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

    @Test
    void kyuubisExtraResourcesAreStoredBesideTheResourceAndListedInTheirConfKey() throws IOException {
        // As BatchRestApi.createBatch(request, file, extraResources) sends them: a file part per extra
        // resource, named after the file, and extraResourcesMap naming them by conf key.
        String request = "{\"batchType\":\"SPARK\",\"className\":\"org.example.Main\","
                + "\"conf\":{\"spark.jars\":\"s3://b/existing.jar \"},"
                + "\"extraResourcesMap\":{\"spark.jars\":\"extra-lib.jar,more.jar\",\"files\":\"data.csv\"}}";
        byte[] extraLib = jar();
        byte[] data = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);

        ApiResponse created = api.createEvent(multipart("alice",
                part("batchRequest", null, "application/json", request.getBytes(StandardCharsets.UTF_8)),
                part("resourceFile", "app.jar", "application/octet-stream", jar()),
                part("extra-lib.jar", "extra-lib.jar", "application/octet-stream", extraLib),
                part("more.jar", "more.jar", "application/octet-stream", jar()),
                part("data.csv", "data.csv", "application/octet-stream", data)));

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String folder = "s3://artifacts/uploads/alice/" + created.string("id") + "/";
        assertThat(objects()).contains("uploads/alice/" + created.string("id") + "/extra-lib.jar",
                "uploads/alice/" + created.string("id") + "/more.jar", "uploads/alice/" + created.string("id") + "/data.csv");
        assertThat(aws.s3().getObjectAsBytes(r -> r.bucket(LocalAws.UPLOAD_BUCKET)
                .key("uploads/alice/" + created.string("id") + "/data.csv")).asByteArray()).isEqualTo(data);
        assertThat(stepArgs(created.string("id"))).containsSubsequence(
                "--conf", "spark.files=" + folder + "data.csv",
                "--conf", "spark.jars=s3://b/existing.jar," + folder + "extra-lib.jar," + folder + "more.jar",
                folder + "app.jar");
        // GET shows the conf as applied: the uploaded files' locations listed in their keys.
        assertThat(batchInfo(api.get("alice", created.string("id"))))
                .containsEntry("batch.resource", folder + "app.jar")
                .containsEntry("batch.conf.spark.files", folder + "data.csv")
                .containsEntry("batch.conf.spark.jars", "s3://b/existing.jar," + folder + "extra-lib.jar," + folder + "more.jar");
    }

    @Test
    void extraResourcesNamedButNotUploadedAreRefusedInKyuubisWords() throws IOException {
        byte[] jar = jar();
        String request = "{\"batchType\":\"SPARK\",\"resource\":\"s3://b/app.jar\",\"className\":\"a.B\","
                + "\"extraResourcesMap\":{\"spark.jars\":\"b.jar,a.jar\"}}";

        assertRefused(() -> api.createEvent(multipart("alice", part("batchRequest", null, "application/json",
                        request.getBytes(StandardCharsets.UTF_8)), part("resourceFile", "app.jar", null, jar),
                        part("a.jar", "a.jar", null, jar))), 400,
                "required extra resource files [b.jar] are not uploaded in the multipart form data");
        assertRefused(() -> api.create("alice", request), 400,
                "extraResourcesMap names files to upload [a.jar, b.jar]: send them with the request as parts"
                        + " of a multipart/form-data create");
    }

    @Test
    void aPartNoOneUsesIsRefusedNotDropped() throws IOException {
        byte[] jar = jar();
        byte[] request = SPARK.getBytes(StandardCharsets.UTF_8);

        assertRefused(() -> api.createEvent(multipart("alice", part("batchRequest", null, null, request),
                        part("resourceFile", "app.jar", null, jar), part("extra-lib.jar", "extra-lib.jar", null, jar))),
                400, "The part extra-lib.jar is not used: a create takes batchRequest, resourceFile and the files extraResourcesMap names");
        assertRefused(() -> api.createEvent(multipart("alice", part("batchRequest", null, null, request),
                        part("resourceFile", "app.jar", null, jar), part("comment", null, null, new byte[] {'x'}))),
                400, "The part comment is not used");
        String sameName = "{\"batchType\":\"SPARK\",\"className\":\"a.B\",\"extraResourcesMap\":{\"spark.jars\":\"app.jar\"}}";
        assertRefused(() -> api.createEvent(multipart("alice", part("batchRequest", null, null,
                        sameName.getBytes(StandardCharsets.UTF_8)), part("resourceFile", "app.jar", null, jar),
                        part("app.jar", "app.jar", null, jar))),
                400, "extra resource file app.jar has the name of resourceFile: give it another");
    }

    @Test
    void underTheDeployedPolicyUploadedFilesAreAllowedAndTheKeysListingThemAreChecked() throws IOException {
        TestApi deployed = new TestApi(aws.context(LocalAws.DEFAULT_POLICY));
        byte[] jar = jar();
        String request = "{\"batchType\":\"SPARK\",\"className\":\"a.B\",\"extraResourcesMap\":{\"spark.jars\":\"lib.jar\"}}";

        ApiResponse created = deployed.createEvent(multipart("alice",
                part("batchRequest", null, "application/json", request.getBytes(StandardCharsets.UTF_8)),
                part("resourceFile", "app.jar", null, jar), part("lib.jar", "lib.jar", null, jar)));

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String packages = "{\"batchType\":\"SPARK\",\"className\":\"a.B\",\"extraResourcesMap\":{\"jars.packages\":\"lib.jar\"}}";
        assertRefused(() -> deployed.createEvent(multipart("alice",
                part("batchRequest", null, "application/json", packages.getBytes(StandardCharsets.UTF_8)),
                part("resourceFile", "app.jar", null, jar), part("lib.jar", "lib.jar", null, jar))), 400,
                "conf spark.jars.packages is not allowed: rule internet (fetches from the internet); an admin can relax"
                        + " it with RELAXED_POLICY_RULES=internet");
    }

    /** The family of malformed multipart bodies, each a 400 that says what is wrong; nothing stored. */
    @Test
    void everyMalformedMultipartBodyIsA400AndStoresNothing() {
        String disposition = "Content-Disposition: form-data; name=\"batchRequest\"\r\n";
        String request = "{\"batchType\":\"SPARK\",\"className\":\"a.B\"}";
        // The reproduction: a part whose content begins with the closing boundary.
        assertMalformed("B", "--B\r\n" + disposition + "\r\n--B--\r\n", "a part is cut short");
        assertMalformed(null, "--B\r\n" + disposition + "\r\n" + request + "\r\n--B--\r\n", "no boundary in its Content-Type");
        assertMalformed("B", "--B\r\n" + disposition + "\r\n" + request, "a part is cut short");
        assertMalformed("B", "--B\r\n" + disposition, "a part is cut short");
        assertMalformed("B", "--B\r\n" + disposition + "\r\n" + request + "\r\n--B\r\n" + disposition + "\r\n"
                + request + "\r\n--B--\r\n", "the part batchRequest comes twice");
        assertMalformed("B", "--B\r\nContent-Disposition: form-data\r\n\r\n" + request + "\r\n--B--\r\n",
                "a part has no name");
        assertMalformed("B", "--B\r\n" + disposition + "X-Pad: " + "p".repeat(11_000) + "\r\n\r\n" + request
                + "\r\n--B--\r\n", "a part's headers are larger than 8192 bytes");
        assertMalformed("B", "--B\r\n" + disposition + "\r\n" + " ".repeat(1024 * 1024) + request + "\r\n--B--\r\n",
                "the part batchRequest is larger than 1048576 bytes");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= MultipartForm.MAX_PARTS; i++) {
            many.append("--B\r\nContent-Disposition: form-data; name=\"p").append(i).append("\"\r\n\r\nx\r\n");
        }
        assertMalformed("B", many + "--B--\r\n", "it has more than 64 parts");
        assertMalformed("B", "--B--\r\n", "no part");
        assertMalformed("B", "no delimiter at all", "no part");
        assertMalformed("B", "--B\r\n" + disposition + "\r\n{\"batchType\":\"SPARK\",\"className\":\"a.B\",\"name\":\"\u00fffz\"}"
                + "\r\n--B\r\nContent-Disposition: form-data; name=\"resourceFile\"; filename=\"a.jar\"\r\n\r\nPK\u0003\u0004"
                + "\r\n--B--\r\n", "The part batchRequest is not valid UTF-8");
    }

    /** A body sent as is (ISO-8859-1 maps each char to the byte of its code), with or without a boundary. */
    private void assertMalformed(String boundary, String body, String message) {
        assertRefused(() -> api.createEvent(ApiEvents.request("POST", "/api/v1/batches").asIamUser("alice")
                .body("multipart/form-data" + (boundary == null ? "" : "; boundary=" + boundary),
                        body.getBytes(StandardCharsets.ISO_8859_1)).build()), 400, message);
    }

    private static List<String> stepArgs(String batchId) {
        return aws.emr().steps(aws.clusterId()).stream().filter(step -> step.name().startsWith(batchId))
                .findFirst().orElseThrow().config().hadoopJarStep().args();
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
        return ApiEvents.request("POST", "/api/v1/batches").asIamUser(user)
                .body("multipart/form-data; boundary=" + boundary, body.toByteArray()).build();
    }

    private static byte[] jar() throws IOException {
        return jar("Main");
    }

    private static byte[] jar(String className) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(new JarEntry("org/example/" + className + ".class"));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> batchInfo(ApiResponse batch) {
        return (Map<String, String>) batch.json().get("batchInfo");
    }
}
