package dev.batchapi.auth;

import dev.batchapi.telemetry.OpsLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies HTTP Basic credentials against the user directory, remembering each verdict for
 * {@link #CACHE_TTL}: a slow hash costs a few hundred milliseconds, and a client sends the same header
 * with every call. Verdicts are kept under a SHA-256 of the header, never the password itself; a
 * refusal is remembered too, so repeating wrong credentials costs no hashing. The cache is bounded
 * and forgets the least recently used header first.
 */
public final class BasicAuthenticator {

    static final Duration CACHE_TTL = Duration.ofMinutes(5);
    static final int CACHE_ENTRIES = 10_000;
    static final String MISSING = "Authentication required: send your user name and password as HTTP Basic credentials";
    static final String WRONG = "Invalid user name or password";

    private final UserDirectory directory;
    private final Clock clock;
    private final Map<String, Verdict> verdicts = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verdict> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    public BasicAuthenticator(UserDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
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
        String key = sha256(authorization.trim());
        Instant now = clock.instant();
        Verdict cached = cached(key, now);
        if (cached != null) {
            return cached.authentication();
        }
        Authentication verdict = verify(credentials.get());
        remember(key, new Verdict(verdict, now.plus(CACHE_TTL)));
        OpsLog.info(verdict.user().isPresent() ? "auth.verified" : "auth.refused", "user", credentials.get().user());
        return verdict;
    }

    private Authentication verify(BasicCredentials credentials) {
        Map<String, PasswordHash> users = directory.users();
        PasswordHash hash = users.get(credentials.user());
        if (hash == null) {
            // As slow as a real check, so that timing does not tell which user names exist.
            users.values().stream().findFirst().ifPresent(any -> any.matches(credentials.password()));
            return Authentication.refused(WRONG);
        }
        return hash.matches(credentials.password())
                ? Authentication.verified(credentials.user())
                : Authentication.refused(WRONG);
    }

    private synchronized Verdict cached(String key, Instant now) {
        Verdict verdict = verdicts.get(key);
        if (verdict != null && now.isBefore(verdict.expires())) {
            return verdict;
        }
        verdicts.remove(key);
        return null;
    }

    private synchronized void remember(String key, Verdict verdict) {
        verdicts.put(key, verdict);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private record Verdict(Authentication authentication, Instant expires) {
    }
}
