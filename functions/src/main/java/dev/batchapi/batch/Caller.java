package dev.batchapi.batch;

import dev.batchapi.errors.UnauthorizedException;
import dev.batchapi.text.UnicodeText;
import java.util.Objects;

/**
 * Who is calling, as the deployment's authentication established it. The user name becomes a
 * DynamoDB key (the byUser index, the caller's log cursor), so it is bounded well below DynamoDB's
 * key limits; no IAM, Cognito or Basic name comes near the bound.
 */
public record Caller(String user) {

    public static final int MAX_USER_BYTES = 512;

    public Caller {
        Objects.requireNonNull(user, "user");
        if (UnicodeText.utf8Length(user) > MAX_USER_BYTES) {
            throw new UnauthorizedException("The caller's user name is longer than " + MAX_USER_BYTES
                    + " bytes in UTF-8, so it cannot name a user of this API");
        }
    }
}
