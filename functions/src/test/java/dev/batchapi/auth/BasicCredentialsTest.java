package dev.batchapi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

    @Test
    void readsUserAndPasswordWhateverTheCaseOfTheScheme() throws Exception {
        assertThat(BasicCredentials.from("Basic " + encode("alice:s3cret:with:colons")))
                .contains(new BasicCredentials("alice", "s3cret:with:colons"));
        assertThat(BasicCredentials.from("BASIC " + encode("bob:pw"))).contains(new BasicCredentials("bob", "pw"));
        assertThat(BasicCredentials.from("basic   " + encode("carol:"))).contains(new BasicCredentials("carol", ""));
        assertThat(BasicCredentials.from("Basic " + encode("nopassword"))).contains(new BasicCredentials("nopassword", ""));
        assertThat(BasicCredentials.from("Basic " + encode("élodie:pässword")))
                .contains(new BasicCredentials("élodie", "pässword"));
    }

    @Test
    void noHeaderOrAnotherSchemeIsNoCredentials() throws Exception {
        assertThat(BasicCredentials.from(null)).isEmpty();
        assertThat(BasicCredentials.from("Bearer eyJhbGciOi")).isEmpty();
        assertThat(BasicCredentials.from("Negotiate YIIC")).isEmpty();
        assertThat(BasicCredentials.from("Basic")).isEmpty();
        assertThat(BasicCredentials.from("Basic   ")).isEmpty();
    }

    @Test
    void aBasicHeaderThatIsNotUserColonPasswordIsMalformed() {
        assertMalformed("Basic !!!not-base64", "The Authorization header is not valid Basic credentials");
        assertMalformed("Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC3, (byte) 0x28, ':', 'x'}),
                "The Authorization header is not valid Basic credentials");
        assertMalformed("Basic " + encode("ali\u0000ce:pw"), "The user name in the Authorization header has control characters");
        assertMalformed("Basic " + encode("alice\n:pw"), "The user name in the Authorization header has control characters");
    }

    @Test
    void neverShowsThePassword() throws Exception {
        assertThat(BasicCredentials.from("Basic " + encode("alice:hunter2")).orElseThrow().toString())
                .doesNotContain("hunter2").contains("alice");
    }

    private static void assertMalformed(String header, String message) {
        assertThatThrownBy(() -> BasicCredentials.from(header)).as(header)
                .isInstanceOf(BasicCredentials.MalformedException.class).hasMessage(message);
    }

    static String encode(String credentials) {
        return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
