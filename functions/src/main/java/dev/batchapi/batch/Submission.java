package dev.batchapi.batch;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A create request that passed validation: what to run, and the reserved conf it carried (the
 * client-chosen batch id, normalised to lower case, the user to run as, and the API's own settings).
 *
 * @param extraResources by conf key as the engine sees it, the names of uploaded files whose
 *     locations that key must list
 * @param settings the {@code batchapi.*} conf it carried, each value as given
 */
public record Submission(
        BatchType type, String name, BatchSpec spec, Optional<String> batchId, Optional<String> proxyUser,
        Map<String, List<String>> extraResources, Map<ApiSetting, String> settings) {

    public Submission {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(proxyUser, "proxyUser");
        extraResources = Map.copyOf(extraResources);
        settings = Map.copyOf(settings);
    }

    public Optional<String> setting(ApiSetting setting) {
        return Optional.ofNullable(settings.get(setting));
    }
}
