package dev.batchapi.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * A claim value a JWT must carry to be let in ({@code JWT_REQUIRED_CLAIM=claim=value}), on top of the
 * issuer and audience API Gateway checks: so a deployment can admit one group of a shared user pool.
 * API Gateway passes every claim as a string, a list claim such as {@code cognito:groups} as
 * {@code [a b]}: such a claim carries the value when the value is one of its entries.
 */
public record RequiredClaim(String name, String value) {

    /**
     * @throws IllegalArgumentException when the text is not {@code claim=value} with both parts non-blank
     */
    public static RequiredClaim parse(String text) {
        int equals = text.indexOf('=');
        String name = equals < 0 ? "" : text.substring(0, equals).trim();
        String value = equals < 0 ? "" : text.substring(equals + 1).trim();
        if (name.isEmpty() || value.isEmpty()) {
            throw new IllegalArgumentException("must be claim=value, e.g. cognito:groups=batch-users, not " + text);
        }
        return new RequiredClaim(name, value);
    }

    /** Whether the claim, as API Gateway passed it (or null when the token lacks it), carries the value. */
    public boolean isMetBy(String claim) {
        if (claim == null) {
            return false;
        }
        String text = claim.trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            return Arrays.asList(text.substring(1, text.length() - 1).trim().split("\\s+")).contains(value);
        }
        return text.equals(value);
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }

    static Optional<RequiredClaim> fromSetting(String name, Optional<String> setting) {
        try {
            return setting.map(RequiredClaim::parse);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " " + e.getMessage());
        }
    }
}
