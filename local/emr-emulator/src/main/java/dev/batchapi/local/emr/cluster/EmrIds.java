package dev.batchapi.local.emr.cluster;

import dev.batchapi.local.awsjson.LocalAccount;
import java.security.SecureRandom;
import java.util.Random;

/** Makes ids shaped like EMR's: {@code j-} or {@code s-} and 13 characters of [0-9A-Z]. */
final class EmrIds {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final int LENGTH = 13;
    private static final Random RANDOM = new SecureRandom();

    private EmrIds() {
    }

    static String clusterId() {
        return "j-" + randomChars();
    }

    static String stepId() {
        return "s-" + randomChars();
    }

    static String clusterArn(String clusterId) {
        return LocalAccount.arn("elasticmapreduce", "cluster/" + clusterId);
    }

    private static String randomChars() {
        StringBuilder chars = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            chars.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return chars.toString();
    }
}
