package dev.batchapi.local.server;

import dev.batchapi.auth.PasswordHash;
import dev.batchapi.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/** A users file for {@code --users-file}: each user's password hashed as the stack reads it. */
final class UsersFile {

    /** Few PBKDF2 iterations: the tests sign in often, and the hash's strength is not what they check. */
    private static final int ITERATIONS = 1_000;

    private UsersFile() {
    }

    /** @param passwords each user's password */
    static Path write(Path file, Map<String, String> passwords) throws IOException {
        SecureRandom random = new SecureRandom();
        Map<String, String> hashes = new LinkedHashMap<>();
        passwords.forEach((user, password) -> hashes.put(user, PasswordHash.create(password, ITERATIONS, random).toString()));
        return Files.writeString(file, Json.write(hashes));
    }
}
