package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.BasicAuthGateway;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cross-site request forgery through the real functions: a create or delete a browser sends for a
 * page of another site is 403 and changes nothing; Kyuubi's clients, which send no Origin and no
 * Sec-Fetch-Site, the API's own pages and ALLOWED_ORIGINS' pages are served; reads are not checked.
 */
class CrossSiteRequestsIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String DOMAIN = "abc123.execute-api.us-east-1.amazonaws.com";
    private static final String NOTEBOOKS = "https://notebooks.example.com";
    private static final String BODY = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}";
    private static final String FOREIGN_ORIGIN = "Refused a request whose Origin header names another site: batches are"
            + " created and deleted only by pages of this API's own origin or of an origin listed in ALLOWED_ORIGINS";
    private static final String CROSS_SITE = "Refused a cross-site request (Sec-Fetch-Site: cross-site): batches are"
            + " created and deleted only by pages of this API's own origin or of an origin listed in ALLOWED_ORIGINS";

    private static TestApi api;

    @BeforeAll
    static void deployment() {
        api = new TestApi(aws.context(Map.of("ALLOWED_ORIGINS", NOTEBOOKS)));
    }

    @Test
    void kyuubisClientsSendNeitherHeaderAndAreServed() {
        ApiResponse created = api.createEvent(create().build());

        assertThat(created.status()).isEqualTo(200);
        assertThat(api.killEvent(delete(created.string("id")).build()).json()).containsEntry("success", true);
    }

    @Test
    void aCreateFromAForeignOrNullOriginIs403AndStoresNothing() {
        var before = aws.tableItems();

        for (String origin : new String[] {"https://evil.example", "null", "http://" + DOMAIN, "https://" + DOMAIN + ":8443",
                "https://notebooks.example.com.evil.example", "not an origin"}) {
            ApiResponse refused = api.createEvent(create().header("origin", origin).build());

            assertThat(refused.status()).as(origin).isEqualTo(403);
            assertThat(refused.json()).as(origin).isEqualTo(Map.of("message", FOREIGN_ORIGIN));
        }
        assertThat(aws.tableItems()).isEqualTo(before);
    }

    @Test
    void aCrossSiteFetchIs403EvenWithoutAnOrigin() {
        ApiResponse refused = api.createEvent(create().header("sec-fetch-site", "cross-site").build());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json()).isEqualTo(Map.of("message", CROSS_SITE));
    }

    @Test
    void aDeleteFromAnotherSiteIs403AndKillsNothing() {
        String batch = api.createEvent(create().build()).string("id");
        var before = aws.tableItems();

        ApiResponse byOrigin = api.killEvent(delete(batch).header("origin", "https://evil.example").build());
        ApiResponse bySecFetch = api.killEvent(delete(batch).header("origin", NOTEBOOKS).header("sec-fetch-site", "cross-site").build());

        assertThat(byOrigin.status()).isEqualTo(403);
        assertThat(byOrigin.json()).isEqualTo(Map.of("message", FOREIGN_ORIGIN));
        assertThat(bySecFetch.status()).isEqualTo(403);
        assertThat(bySecFetch.json()).isEqualTo(Map.of("message", CROSS_SITE));
        assertThat(aws.tableItems()).isEqualTo(before);
    }

    @Test
    void theApisOwnOriginAndAnAllowedOriginAreServed() {
        for (String origin : new String[] {"https://" + DOMAIN, "HTTPS://" + DOMAIN.toUpperCase() + ":443", NOTEBOOKS}) {
            ApiResponse created = api.createEvent(create().header("origin", origin).header("sec-fetch-site", "same-site").build());

            assertThat(created.status()).as(origin).isEqualTo(200);
        }
    }

    @Test
    void readsAreNotChecked() {
        String batch = api.createEvent(create().build()).string("id");

        assertThat(api.getEvent(ApiEvents.request("GET", "/api/v1/batches/" + batch).pathParameter("batchId", batch)
                .sentTo(DOMAIN).asIamUser("alice").header("origin", "https://evil.example")
                .header("sec-fetch-site", "cross-site").build()).status()).isEqualTo(200);
    }

    @Test
    void aBrowsersCachedBasicCredentialsDoNotMakeAForgedCreateGoThrough() {
        aws.users(Map.of("alice", "alice-password"));
        TestApi basic = new TestApi(aws.context(Map.of("AUTH_MODE", "BASIC")));
        BasicAuthGateway gateway = new BasicAuthGateway(aws.context(Map.of("AUTH_MODE", "BASIC")));
        var before = aws.tableItems();

        ApiResponse forged = basic.createEvent(gateway.authorize(ApiEvents.request("POST", "/api/v1/batches")
                .body("multipart/form-data; boundary=x", "--x--\r\n".getBytes(StandardCharsets.UTF_8))
                .sentTo(DOMAIN).withBasicAuth("alice", "alice-password").header("origin", "https://evil.example").build()));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json()).isEqualTo(Map.of("message", FOREIGN_ORIGIN));
        assertThat(aws.tableItems()).isEqualTo(before);
    }

    private static ApiEvents create() {
        return ApiEvents.request("POST", "/api/v1/batches").json(BODY).sentTo(DOMAIN).asIamUser("alice");
    }

    private static ApiEvents delete(String batch) {
        return ApiEvents.request("DELETE", "/api/v1/batches/" + batch).pathParameter("batchId", batch).sentTo(DOMAIN)
                .asIamUser("alice");
    }
}
