package dev.batchapi.batch;

import java.util.Objects;

/** Who is calling, as the deployment's authentication established it. */
public record Caller(String user) {

    public Caller {
        Objects.requireNonNull(user, "user");
    }
}
