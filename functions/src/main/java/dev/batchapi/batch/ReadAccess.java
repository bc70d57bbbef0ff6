package dev.batchapi.batch;

/** Who may read a batch and its log (READ_ACCESS). */
public enum ReadAccess {
    /** Kyuubi's behaviour: anyone authenticated. */
    ANYONE,
    /** Its owner and the admins only. */
    OWNER_OR_ADMIN
}
