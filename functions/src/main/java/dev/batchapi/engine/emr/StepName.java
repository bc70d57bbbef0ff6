package dev.batchapi.engine.emr;

import dev.batchapi.batch.BatchIds;
import java.util.Optional;

/**
 * The EMR step Name of a batch: its id, then its name. AddJobFlowSteps has no idempotency token, so
 * the id in the name is the only way back from a step to its batch (crash recovery, the sync).
 */
public final class StepName {

    /** EMR's limit on a step Name. */
    static final int MAX_LENGTH = 256;
    private static final int ID_LENGTH = 36;

    private StepName() {
    }

    public static String of(String batchId, String batchName) {
        String name = batchName == null || batchName.isBlank() ? batchId : batchId + " " + batchName;
        return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
    }

    /** The batch id a step name carries, if it is one of ours. */
    public static Optional<String> batchId(String stepName) {
        if (stepName == null || stepName.length() < ID_LENGTH
                || (stepName.length() > ID_LENGTH && stepName.charAt(ID_LENGTH) != ' ')) {
            return Optional.empty();
        }
        return BatchIds.normalise(stepName.substring(0, ID_LENGTH));
    }
}
