package dev.batchapi.batch;

import java.util.Set;

/**
 * Conf keys the API consumes itself, never passed to the engine: Kyuubi's, and the API's own
 * {@link ApiSetting}s.
 */
public final class ReservedConf {

    /** A client-chosen UUID that makes a submit idempotent. */
    public static final String BATCH_ID = "kyuubi.batch.id";
    /** Run as this user; Kyuubi reads it first. */
    public static final String SESSION_PROXY_USER = "kyuubi.session.proxy.user";
    /** Run as this user; Hive's older key, read when Kyuubi's is absent. */
    public static final String HIVE_PROXY_USER = "hive.server2.proxy.user";

    public static final Set<String> KEYS = Set.of(BATCH_ID, SESSION_PROXY_USER, HIVE_PROXY_USER);

    /** Checked before a key is renamed for the engine: {@code batchapi.cluster} must not become {@code spark.batchapi.cluster}. */
    public static boolean isReserved(String key) {
        return KEYS.contains(key) || ApiSetting.isApiKey(key);
    }

    private ReservedConf() {
    }
}
