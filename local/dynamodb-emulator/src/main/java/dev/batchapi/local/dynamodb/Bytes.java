package dev.batchapi.local.dynamodb;

import java.util.Arrays;
import java.util.Base64;

/**
 * An immutable byte string; DynamoDB compares binary values as unsigned bytes. A class rather than
 * a record: a record would expose its array through the component accessor.
 */
final class Bytes implements Comparable<Bytes> {

    private final byte[] data;

    Bytes(byte[] data) {
        this.data = data.clone();
    }

    int length() {
        return data.length;
    }

    boolean startsWith(Bytes prefix) {
        return prefix.data.length <= data.length
                && Arrays.equals(data, 0, prefix.data.length, prefix.data, 0, prefix.data.length);
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(data, other.data);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes bytes && Arrays.equals(data, bytes.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /** Base64, as the JSON protocol carries binary values. */
    @Override
    public String toString() {
        return Base64.getEncoder().encodeToString(data);
    }
}
