package dev.batchapi.batch;

import java.util.Set;

/** Conf keys the API consumes itself (Kyuubi's), never passed to the engine as given. */
public final class ReservedConf {

    /** A client-chosen UUID that makes a submit idempotent. */
    public static final String BATCH_ID = "kyuubi.batch.id";
    /** Run as this user; Kyuubi reads it first. */
    public static final String SESSION_PROXY_USER = "kyuubi.session.proxy.user";
    /** Run as this user; Hive's older key, read when Kyuubi's is absent. */
    public static final String HIVE_PROXY_USER = "hive.server2.proxy.user";

    public static final Set<String> KEYS = Set.of(BATCH_ID, SESSION_PROXY_USER, HIVE_PROXY_USER);

    private ReservedConf() {
    }
}
