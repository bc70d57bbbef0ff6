package dev.batchapi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class UserListTest {

    @Test
    void keepsTheValidHashesAndSaysWhyTheOthersAreNot() {
        String hash = PasswordHash.create("pw", 1_000, new SecureRandom()).toString();

        UserList list = UserList.parse("{\"alice\":\"" + hash + "\",\"bob\":\"plain-password\"}");

        assertThat(list.users()).containsOnlyKeys("alice");
        assertThat(list.users().get("alice").matches("pw")).isTrue();
        assertThat(list.rejected()).containsOnlyKeys("bob");
        assertThat(list.rejected().get("bob")).contains("not a pbkdf2-sha256");
    }

    @Test
    void textThatIsNotAJsonObjectIsRefused() {
        for (String text : new String[] {"alice:pw", "[]", "\"x\"", "{\"a\":{\"b\":{}}}", ""}) {
            assertThatThrownBy(() -> UserList.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a JSON object of user name to password hash");
        }
        assertThatThrownBy(() -> UserList.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
