package dev.batchapi.auth;

import dev.batchapi.text.UnicodeText;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP Basic credentials (RFC 7617) from an {@code Authorization} header. The scheme is matched
 * without regard to case: Kyuubi's clients send {@code BASIC <base64>}.
 */
public record BasicCredentials(String user, String password) {

    /** Why a header holds no usable credentials. */
    public static final class MalformedException extends Exception {

        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The credentials in the header; empty when there is no header, it is another scheme, or the
     * Basic scheme with nothing after it.
     *
     * @throws MalformedException when it is the Basic scheme but not {@code base64(user:password)} of
     *     UTF-8 text with a user name free of control characters
     */
    public static Optional<BasicCredentials> from(String authorization) throws MalformedException {
        if (authorization == null) {
            return Optional.empty();
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !"basic".equals(parts[0].toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        Optional<String> text;
        try {
            text = UnicodeText.decodeUtf8(Base64.getDecoder().decode(parts[1].trim()));
        } catch (IllegalArgumentException e) {
            text = Optional.empty();
        }
        String decoded = text.orElseThrow(() ->
                new MalformedException("The Authorization header is not valid Basic credentials"));
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        if (UnicodeText.hasControlCharacter(user)) {
            throw new MalformedException("The user name in the Authorization header has control characters");
        }
        return Optional.of(new BasicCredentials(user, colon < 0 ? "" : decoded.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + "]";
    }
}
