package dev.batchapi.auth;

import dev.batchapi.store.BatchTable;
import dev.batchapi.telemetry.OpsLog;
import dev.batchapi.text.Sha256;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Bounds password guessing per user name, across every container of the authorizer: the failed
 * sign-ins of a name are counted in the batch table, and after {@value #FREE_FAILURES} of them an
 * attempt that would need a password check is refused unchecked until {@link #FIRST_WAIT} has passed
 * since the last failure, twice as long after each further failure, at most {@link #MAX_WAIT}. A
 * success clears the count; a day without failure forgets it. Unknown names are counted alike, so
 * the refusal tells nothing about which names exist.
 *
 * <p>The table is a guard, not a gate: when it cannot be read or written, the failure is logged and
 * the credentials are checked as without it, so an outage of the store neither lets anyone in nor
 * locks everyone out.
 */
final class SignInBackoff {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final String FAILURES = "failures";
    private static final String LAST_FAILURE = "lastFailure";

    /** A user name's failed sign-ins, and how long an attempt must still wait (zero: not at all). */
    record Standing(int failures, Duration remaining) {

        static final Standing CLEAN = new Standing(0, Duration.ZERO);

        boolean mustWait() {
            return !remaining.isZero();
        }
    }

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Clock clock;

    SignInBackoff(DynamoDbClient dynamoDb, String tableName, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.clock = clock;
    }

    Standing standing(String user) {
        try {
            Map<String, AttributeValue> item =
                    dynamoDb.getItem(request -> request.tableName(tableName).key(key(user)).consistentRead(true)).item();
            Instant now = clock.instant();
            if (item == null || !item.containsKey(FAILURES) || !item.containsKey(LAST_FAILURE) || isForgotten(item, now)) {
                return Standing.CLEAN;
            }
            int failures = Integer.parseInt(item.get(FAILURES).n());
            Instant waitUntil = Instant.ofEpochSecond(Long.parseLong(item.get(LAST_FAILURE).n())).plus(waitAfter(failures));
            return new Standing(failures, now.isBefore(waitUntil) ? Duration.between(now, waitUntil) : Duration.ZERO);
        } catch (SdkException | NumberFormatException e) {
            OpsLog.warn("auth.backoff.unavailable", e, "action", "read");
            return Standing.CLEAN;
        }
    }

    /** Counts a failed sign-in: added to the count, so failures in many containers at once all count. */
    void failed(String user) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = Map.of(
                ":one", AttributeValue.fromN("1"),
                ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())),
                ":expire", AttributeValue.fromN(Long.toString(now.plus(FORGET_AFTER).getEpochSecond())));
        try {
            try {
                dynamoDb.updateItem(request -> request.tableName(tableName).key(key(user))
                        .updateExpression("ADD " + FAILURES + " :one SET " + LAST_FAILURE + " = :now, "
                                + BatchTable.EXPIRE_AT + " = :expire")
                        .conditionExpression(BatchTable.EXPIRE_AT + " > :now")
                        .expressionAttributeValues(values));
            } catch (ConditionalCheckFailedException e) {
                // No count yet, or one a day old that the TTL has not removed yet: start again at one.
                dynamoDb.updateItem(request -> request.tableName(tableName).key(key(user))
                        .updateExpression("SET " + FAILURES + " = :one, " + LAST_FAILURE + " = :now, "
                                + BatchTable.EXPIRE_AT + " = :expire")
                        .expressionAttributeValues(values));
            }
        } catch (SdkException e) {
            OpsLog.warn("auth.backoff.unavailable", e, "action", "count");
        }
    }

    /** Clears the count after a successful sign-in. */
    void succeeded(String user) {
        try {
            dynamoDb.updateItem(request -> request.tableName(tableName).key(key(user))
                    .updateExpression("REMOVE " + FAILURES + ", " + LAST_FAILURE));
        } catch (SdkException e) {
            OpsLog.warn("auth.backoff.unavailable", e, "action", "clear");
        }
    }

    /** How long after its last failure a user name with this many failures must wait. */
    static Duration waitAfter(int failures) {
        if (failures < FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - FREE_FAILURES, 30);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    private static boolean isForgotten(Map<String, AttributeValue> item, Instant now) {
        AttributeValue expireAt = item.get(BatchTable.EXPIRE_AT);
        return expireAt != null && Long.parseLong(expireAt.n()) <= now.getEpochSecond();
    }

    /** The name hashed: a name of any length or character fits a key, and none is stored in clear. */
    private static Map<String, AttributeValue> key(String user) {
        return Map.of(BatchTable.PK, AttributeValue.fromS(BatchTable.AUTH_PK_PREFIX + Sha256.hex(user)),
                BatchTable.SK, AttributeValue.fromS(BatchTable.SIGN_IN_FAILURES_SK));
    }
}
