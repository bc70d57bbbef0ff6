package dev.batchapi.engine.emr;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.StepOwner;
import dev.batchapi.batch.StepStatus;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Picks, from listed steps, those of the batches sought: by step id, or by the batch id in the step
 * name, and the attempt, for batches whose step id was never recorded.
 */
final class StepMatcher {

    private final Map<String, String> batchIdsByStepId = new HashMap<>();
    private final Set<StepOwner> ownersWithoutStep = new HashSet<>();
    private final Map<String, StepStatus> found = new HashMap<>();
    private final int sought;

    StepMatcher(Collection<Batch> batches) {
        for (Batch batch : batches) {
            if (batch.stepId() != null) {
                batchIdsByStepId.put(batch.stepId(), batch.id());
            } else {
                ownersWithoutStep.add(new StepOwner(batch.id(), batch.scheduling().attempt()));
            }
        }
        this.sought = batches.size();
    }

    void offer(StepStatus step) {
        String batchId = batchIdsByStepId.get(step.stepId());
        if (batchId == null) {
            batchId = StepName.owner(step.name()).filter(ownersWithoutStep::contains).map(StepOwner::batchId).orElse(null);
        }
        if (batchId != null) {
            found.putIfAbsent(batchId, step);
        }
    }

    boolean allFound() {
        return found.size() == sought;
    }

    int sought() {
        return sought;
    }

    Map<String, StepStatus> found() {
        return Map.copyOf(found);
    }
}
