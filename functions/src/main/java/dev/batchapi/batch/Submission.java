package dev.batchapi.batch;

import java.util.Objects;
import java.util.Optional;

/**
 * A create request that passed validation: what to run, and the reserved conf it carried (the
 * client-chosen batch id, normalised to lower case, and the user to run as).
 */
public record Submission(
        BatchType type, String name, BatchSpec spec, Optional<String> batchId, Optional<String> proxyUser) {

    public Submission {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(proxyUser, "proxyUser");
    }
}
