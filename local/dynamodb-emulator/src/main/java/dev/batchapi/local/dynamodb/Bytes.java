package dev.batchapi.local.dynamodb;

import java.util.Arrays;

/** An immutable byte string; DynamoDB compares binary values as unsigned bytes. */
record Bytes(byte[] data) implements Comparable<Bytes> {

    Bytes {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
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

    @Override
    public String toString() {
        return java.util.Base64.getEncoder().encodeToString(data);
    }
}
