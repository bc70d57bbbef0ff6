package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Create bodies a hostile or broken client sends, through the real function: each a 400 that says
 * what is wrong, and neither the table nor EMR is touched.
 */
class HostileCreateIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private final TestApi api = new TestApi(aws.context());

    @Test
    void aBodyThatIsNotUtf8IsRefusedNotDecodedWithReplacementCharacters() {
        byte[] body = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\",\"name\":\"\u00fffz\"}"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertRefused(() -> api.createEvent(ApiEvents.request("POST", "/api/v1/batches").asIamUser("alice")
                .body("application/json", body).build()), "The request body is not valid UTF-8");
        assertRefused(() -> api.createEvent(ApiEvents.request("POST", "/api/v1/batches").asIamUser("alice")
                .body("application/json", new byte[] {'{', '"', (byte) 0xC0, (byte) 0x80, '"', ':', '1', '}'}).build()),
                "The request body is not valid UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u+041", "\\u-001", "\\u004", "\\uZZZZ", "\\x41", "\\ud800"})
    void escapesThatAreNotJsonAreRefused(String escape) {
        assertRefused(() -> api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\","
                + "\"name\":\"" + escape + "\"}"), "Malformed JSON at position ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\u0001", "\\u0008", "\\u007f", "\\u0085", "\\u009f", "\\t", "\\n"})
    void controlCharactersAreRefusedInEveryFieldNamingIt(String control) {
        assertRefused(() -> create("SPARK" + control, "a.jar", "a.B", "{}", "[]"), "batchType contains a control character");
        assertRefused(() -> create(control + "SPARK", "a.jar", "a.B", "{}", "[]"), "batchType contains a control character");
        assertRefused(() -> create("SPARK", "a.jar", "a.B" + control, "{}", "[]"), "className contains a control character");
        assertRefused(() -> create("SPARK", "a" + control + ".jar", "a.B", "{}", "[]"), "resource contains a control character");
        assertRefused(() -> create("SPARK", "a.jar", "a.B", "{\"spark.x\":\"v" + control + "\"}", "[]"),
                "conf value of spark.x contains a control character");
        assertRefused(() -> create("SPARK", "a.jar", "a.B", "{}", "[\"x\",\"" + control + "\"]"),
                "args[1] contains a control character");
    }

    @Test
    void jsonStrictnessHolds() {
        String valid = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}";
        assertRefused(() -> api.create("alice", valid + "x"), "Unrecognized token 'x'");
        assertRefused(() -> api.create("alice", valid + valid), "unexpected text after the JSON value");
        assertRefused(() -> api.create("alice", "{\"batchType\":\"SPARK\",\"batchType\":\"FLINK\"}"), "Duplicate field 'batchType'");
        assertRefused(() -> api.create("alice", "{\"conf\":" + "[".repeat(20) + "]".repeat(20) + "}"), "nested deeper than 16 levels");
        assertRefused(() -> api.create("alice", "{\"name\":\"" + "n".repeat(64 * 1024 + 1) + "\"}"),
                "string longer than 65536 characters");
    }

    @Test
    void aNameOverDynamoDbsIndexKeyLimitInUtf8IsA400NeverA500() {
        String spark = "\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"";
        String fourBytes = new String(Character.toChars(0x1F600));
        String threeBytes = "\u4E2D";
        String longest = threeBytes.repeat(682) + "ab";

        assertRefused(() -> api.create("alice", "{" + spark + ",\"name\":\"" + fourBytes.repeat(1000) + "\"}"),
                "name is longer than 1024 characters");
        assertRefused(() -> api.create("alice", "{" + spark + ",\"name\":\"" + threeBytes.repeat(683) + "\"}"),
                "name is longer than 2048 bytes in UTF-8");
        ApiResponse stored = api.create("alice", "{" + spark + ",\"name\":\"" + longest + "\"}");

        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(api.list("alice", "batchName", longest).list("batches")).singleElement()
                .satisfies(batch -> assertThat(batch).containsEntry("id", stored.string("id")).containsEntry("name", longest));
    }

    @Test
    void aCallerWhoseUserNameCannotBeAKeyIsRefused() {
        var items = aws.tableItems();

        ApiResponse response = api.create("u".repeat(513), "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.message()).isEqualTo("The caller's user name is longer than 512 bytes in UTF-8, so it cannot"
                + " name a user of this API");
        assertThat(aws.tableItems()).isEqualTo(items);
    }

    private ApiResponse create(String type, String resource, String className, String conf, String args) {
        return api.create("alice", "{\"batchType\":\"" + type + "\",\"resource\":\"" + resource + "\",\"className\":\""
                + className + "\",\"conf\":" + conf + ",\"args\":" + args + "}");
    }

    private void assertRefused(Supplier<ApiResponse> call, String message) {
        var items = aws.tableItems();
        int steps = aws.emr().steps(aws.clusterId()).size();
        ApiResponse response = call.get();
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.message()).contains(message).doesNotContain("Exception", "jackson", "`");
        assertThat(aws.tableItems()).isEqualTo(items);
        assertThat(aws.emr().steps(aws.clusterId())).hasSize(steps);
    }
}
