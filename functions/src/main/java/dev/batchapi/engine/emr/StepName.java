package dev.batchapi.engine.emr;

import dev.batchapi.batch.BatchIds;
import dev.batchapi.batch.StepOwner;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EMR step Name of a batch: its id (then {@code #n} for its n-th attempt, from the second), then
 * its name. AddJobFlowSteps has no idempotency token, so the id in the name is the only way back from
 * a step to its batch (crash recovery, the sync), and the attempt tells a retry's step from the one
 * that failed before it.
 */
public final class StepName {

    /** EMR's limit on a step Name. */
    static final int MAX_LENGTH = 256;
    private static final int ID_LENGTH = 36;
    private static final Pattern OWNER = Pattern.compile("(.{" + ID_LENGTH + "})(?:#([2-9]|10))?(?: .*)?", Pattern.DOTALL);

    private StepName() {
    }

    public static String of(String batchId, int attempt, String batchName) {
        String owner = attempt == 1 ? batchId : batchId + "#" + attempt;
        String name = batchName == null || batchName.isBlank() ? owner : owner + " " + batchName;
        return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
    }

    /** The batch and attempt a step name carries, if it is one of ours. */
    public static Optional<StepOwner> owner(String stepName) {
        if (stepName == null) {
            return Optional.empty();
        }
        Matcher matcher = OWNER.matcher(stepName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int attempt = matcher.group(2) == null ? 1 : Integer.parseInt(matcher.group(2));
        return BatchIds.normalise(matcher.group(1)).map(batchId -> new StepOwner(batchId, attempt));
    }
}
