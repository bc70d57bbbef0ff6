package dev.batchapi.auth;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonException;
import dev.batchapi.json.JsonLimits;
import java.util.HashMap;
import java.util.Map;

/**
 * The users format, shared by the users secret and the local stack's users file: one flat JSON object
 * of user name to password hash, {@code {"alice": "pbkdf2-sha256$600000$…"}}.
 *
 * @param users every entry whose hash is valid
 * @param rejected every other entry, with why its hash is not valid
 */
public record UserList(Map<String, PasswordHash> users, Map<String, String> rejected) {

    private static final JsonLimits LIMITS = new JsonLimits(2, 4096);

    public UserList {
        users = Map.copyOf(users);
        rejected = Map.copyOf(rejected);
    }

    /** @throws IllegalArgumentException when the text is not a JSON object */
    public static UserList parse(String text) {
        Object parsed;
        try {
            parsed = text == null ? null : Json.parse(text, LIMITS);
        } catch (JsonException e) {
            parsed = null;
        }
        if (!(parsed instanceof Map<?, ?> entries)) {
            throw new IllegalArgumentException("not a JSON object of user name to password hash, e.g. "
                    + "{\"alice\": \"pbkdf2-sha256$600000$...\"} (make one with dev.batchapi.auth.HashPassword)");
        }
        Map<String, PasswordHash> users = new HashMap<>();
        Map<String, String> rejected = new HashMap<>();
        entries.forEach((user, hash) -> {
            try {
                users.put((String) user, PasswordHash.parse(String.valueOf(hash)));
            } catch (IllegalArgumentException e) {
                rejected.put((String) user, e.getMessage());
            }
        });
        return new UserList(users, rejected);
    }
}
