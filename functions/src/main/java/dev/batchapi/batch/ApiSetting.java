package dev.batchapi.batch;

import dev.batchapi.errors.BadRequestException;
import dev.batchapi.text.Echo;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The API's own conf keys, {@code batchapi.*}: settings of how this API handles the batch, consumed
 * here and never passed to the engine. A key of the prefix that is not one of these is refused, so
 * that a misspelt setting is not silently ignored. A new setting is one more constant.
 */
public enum ApiSetting {
    /** The label of the cluster the batch runs on ({@link Clusters}); absent: the default cluster. */
    CLUSTER("batchapi.cluster");

    public static final String PREFIX = "batchapi.";

    private final String key;

    ApiSetting(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Whether the key is the API's own (known or not), never the engine's. */
    public static boolean isApiKey(String key) {
        return key.startsWith(PREFIX);
    }

    /** @throws BadRequestException naming the key and the known settings, if it is none of them */
    public static ApiSetting of(String key) {
        return Arrays.stream(values()).filter(setting -> setting.key.equals(key)).findFirst()
                .orElseThrow(() -> new BadRequestException("conf " + Echo.of(key) + " is not a setting of this API: the "
                        + PREFIX + "* settings are " + Arrays.stream(values()).map(ApiSetting::key)
                        .collect(Collectors.joining(", "))));
    }
}
