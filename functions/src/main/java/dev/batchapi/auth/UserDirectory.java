package dev.batchapi.auth;

import java.util.Map;

/** The users who may sign in with HTTP Basic credentials, each with its password hash. */
public interface UserDirectory {

    /** Every user, by name; read from its source at most every few minutes. */
    Map<String, PasswordHash> users();
}
