package dev.batchapi.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UploadPathTest {

    @Test
    void aUserIsOneFolderNameOfLettersDigitsUnderscoresHyphensAndPercentEscapes() {
        assertThat(UploadPath.of("alice", "b1", "app.jar")).isEqualTo("alice/b1/app.jar");
        assertThat(UploadPath.userFolder("federated-user/bob")).isEqualTo("federated-user%2Fbob");
        assertThat(UploadPath.userFolder("role/alice")).isEqualTo("role%2Falice");
        assertThat(UploadPath.userFolder("a.b@c%d")).isEqualTo("a%2Eb%40c%25d");
        assertThat(UploadPath.userFolder("..")).isEqualTo("%2E%2E");
        assertThat(UploadPath.userFolder("\u00e9")).isEqualTo("%C3%A9");
    }

    @Test
    void noTwoUsersShareAFolderNorIsOneInsideAnother() {
        List<String> users = List.of("alice", "alice/x", "alice%2Fx", "role/alice", "role", "federated-user/bob",
                "federated-user", ".", "..", "a".repeat(200), "a".repeat(200) + "b", "%".repeat(50), "~", "a~b");
        Set<String> folders = new HashSet<>();
        for (String user : users) {
            String folder = UploadPath.userFolder(user);
            assertThat(folder).as(user).doesNotContain("/").isNotIn(".", "..").hasSizeLessThanOrEqualTo(129);
            folders.add(folder + "/");
        }
        assertThat(folders).hasSameSizeAs(users);
        for (String folder : folders) {
            assertThat(folders).filteredOn(other -> !other.equals(folder) && other.startsWith(folder)).isEmpty();
        }
    }

    @Test
    void aLongUserIsItsStartNeverHalfAnEscapeThenItsSha256() throws Exception {
        String user = "a".repeat(63) + "/" + "b".repeat(100);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(user.getBytes(StandardCharsets.UTF_8)));

        assertThat(UploadPath.userFolder(user)).isEqualTo("a".repeat(63) + "~" + sha256);
        assertThat(UploadPath.userFolder("c".repeat(128))).isEqualTo("c".repeat(128));
    }
}
