package dev.batchapi.local.emr.cluster;

import dev.batchapi.local.awsjson.LocalAccount;
import java.security.SecureRandom;
import java.util.Random;

/**
 * Makes ids shaped like EMR's: {@code j-} or {@code s-} and 13 characters of [0-9A-Z], at random;
 * whoever hands one out checks it against the ids in use, those a data directory kept included.
 */
final class EmrIds {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final int LENGTH = 13;

    private final Random random;

    /** @param random seeded by a test that needs to know the ids to come */
    EmrIds(Random random) {
        this.random = random;
    }

    static EmrIds secure() {
        return new EmrIds(new SecureRandom());
    }

    String clusterId() {
        return "j-" + randomChars();
    }

    String stepId() {
        return "s-" + randomChars();
    }

    static String clusterArn(String clusterId) {
        return LocalAccount.arn("elasticmapreduce", "cluster/" + clusterId);
    }

    private String randomChars() {
        StringBuilder chars = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            chars.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return chars.toString();
    }
}
