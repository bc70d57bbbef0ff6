package dev.batchapi.auth;

import java.util.Map;

/**
 * The users who may sign in with HTTP Basic credentials, each with its password hash. The same map
 * instance is returned until the users are read again from their source, which happens at most
 * every few minutes: a new instance means the list may have changed.
 */
public interface UserDirectory {

    Map<String, PasswordHash> users();
}
