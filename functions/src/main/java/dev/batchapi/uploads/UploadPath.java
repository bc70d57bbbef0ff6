package dev.batchapi.uploads;

import dev.batchapi.text.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Where a file of a user's batch goes below the upload location: {@code <user>/<batch id>/<file>},
 * the user written as one folder name, so that no user's folder is inside or equal to another's
 * whatever the names ({@code federated-user/bob}, {@code role/alice}, {@code ..}).
 *
 * <p>The user's UTF-8 bytes, each letter, digit, {@code _} and {@code -} as it is and every other
 * byte as {@code %XX} (upper-case hex): {@code federated-user/bob} is {@code federated-user%2Fbob}.
 * That holds no {@code /}, is never {@code .} or {@code ..}, and two users never share it. Longer
 * than {@value #MAX_LENGTH} characters (S3 keys and file names are bounded), it is its first
 * {@value #KEPT_LENGTH} characters (never half of a %XX), {@code ~} and the SHA-256 of the user's
 * UTF-8 bytes in lower-case hex: {@code ~} appears in no short form, and SHA-256 tells users apart.
 */
final class UploadPath {

    static final int MAX_LENGTH = 128;
    static final int KEPT_LENGTH = 64;

    private UploadPath() {
    }

    static String of(String user, String batchId, String fileName) {
        return userFolder(user) + "/" + batchId + "/" + fileName;
    }

    static String userFolder(String user) {
        byte[] bytes = user.getBytes(StandardCharsets.UTF_8);
        StringBuilder folder = new StringBuilder();
        int kept = -1;
        for (byte b : bytes) {
            int c = b & 0xFF;
            boolean plain = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            int before = folder.length();
            if (plain) {
                folder.append((char) c);
            } else {
                folder.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
            if (kept < 0 && folder.length() > KEPT_LENGTH) {
                kept = before;
            }
        }
        return folder.length() <= MAX_LENGTH ? folder.toString() : folder.substring(0, kept) + "~" + Sha256.hex(user);
    }
}
