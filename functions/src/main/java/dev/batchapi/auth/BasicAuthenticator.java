package dev.batchapi.auth;

import dev.batchapi.telemetry.OpsLog;
import dev.batchapi.text.Echo;
import dev.batchapi.text.Sha256;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies HTTP Basic credentials against the user directory, remembering each verdict for as long
 * as the user list it was checked against is current: a slow hash costs a few hundred milliseconds,
 * and a client sends the same header with every call. When the directory reads its users again
 * (every few minutes), every verdict is forgotten, so a removed user or a changed password stops
 * working then. Verdicts are kept under a SHA-256 of the header, never the password itself; a refusal
 * is remembered too, so repeating wrong credentials costs no hashing. The memory is bounded and
 * forgets the least recently used header first.
 *
 * <p>Credentials it has no verdict for are checked only if their user name is not backing off after
 * repeated failures ({@link SignInBackoff}); otherwise they are refused unchecked, with a refusal that
 * says to wait and nothing about the password, and not remembered, so that the right password works
 * once the wait is over. A remembered success still passes: it shows nothing a guesser does not know.
 */
public final class BasicAuthenticator {

    static final int CACHE_ENTRIES = 10_000;
    static final String MISSING = "Authentication required: send your user name and password as HTTP Basic credentials";
    static final String WRONG = "Invalid user name or password";
    static final String BACKING_OFF = "Too many failed sign-ins for this user name: wait %d seconds before trying again";

    private final UserDirectory directory;
    private final SignInBackoff backoff;
    private final Map<String, Authentication> verdicts = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Authentication> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };
    /** The user list the remembered verdicts were checked against. */
    private Map<String, PasswordHash> verdictsFrom;

    BasicAuthenticator(UserDirectory directory, SignInBackoff backoff) {
        this.directory = directory;
        this.backoff = backoff;
    }

    public Authentication authenticate(String authorization) {
        Optional<BasicCredentials> credentials;
        try {
            credentials = BasicCredentials.from(authorization);
        } catch (BasicCredentials.MalformedException e) {
            return Authentication.refused(e.getMessage());
        }
        if (credentials.isEmpty()) {
            return Authentication.refused(MISSING);
        }
        Map<String, PasswordHash> users = directory.users();
        String key = Sha256.hex(authorization.trim());
        Authentication cached = remembered(key, users);
        if (cached != null) {
            return cached;
        }
        String user = credentials.get().user();
        SignInBackoff.Standing standing = backoff.standing(user);
        if (standing.mustWait()) {
            long seconds = Math.max(1, (standing.remaining().toMillis() + 999) / 1000);
            OpsLog.info("auth.backing.off", "user", Echo.of(user), "failures", standing.failures(), "waitSeconds", seconds);
            return Authentication.refused(BACKING_OFF.formatted(seconds));
        }
        Authentication verdict = verify(credentials.get(), users);
        remember(key, users, verdict);
        if (verdict.user().isEmpty()) {
            backoff.failed(user);
        } else if (standing.failures() > 0) {
            backoff.succeeded(user);
        }
        OpsLog.info(verdict.user().isPresent() ? "auth.verified" : "auth.refused", "user", Echo.of(user));
        return verdict;
    }

    private static Authentication verify(BasicCredentials credentials, Map<String, PasswordHash> users) {
        PasswordHash hash = users.get(credentials.user());
        if (hash == null) {
            // As slow as the slowest real check, so that timing does not tell which user names exist.
            users.values().stream().max(Comparator.comparingInt(PasswordHash::iterations))
                    .ifPresent(slowest -> slowest.matches(credentials.password()));
            return Authentication.refused(WRONG);
        }
        return hash.matches(credentials.password())
                ? Authentication.verified(credentials.user())
                : Authentication.refused(WRONG);
    }

    /** The verdict remembered for the header, if it was reached against this user list. */
    private synchronized Authentication remembered(String key, Map<String, PasswordHash> users) {
        if (users != verdictsFrom) {
            verdicts.clear();
            verdictsFrom = users;
            return null;
        }
        return verdicts.get(key);
    }

    private synchronized void remember(String key, Map<String, PasswordHash> users, Authentication verdict) {
        // A verdict reached against a list that has since been replaced is not kept.
        if (users == verdictsFrom) {
            verdicts.put(key, verdict);
        }
    }
}
