package dev.batchapi.local.dynamodb;

/** A table's TTL setting: the attribute holding expiry times in epoch seconds, when enabled. */
record TimeToLive(String attributeName, boolean enabled) {

    static final TimeToLive DISABLED = new TimeToLive(null, false);
}
