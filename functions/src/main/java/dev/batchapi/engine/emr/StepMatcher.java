package dev.batchapi.engine.emr;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.StepStatus;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Picks, from listed steps, those of the batches sought: by step id, or by the batch id in the step
 * name for batches whose step id was never recorded.
 */
final class StepMatcher {

    private final Map<String, String> batchIdsByStepId = new HashMap<>();
    private final Set<String> batchIdsWithoutStep = new HashSet<>();
    private final Map<String, StepStatus> found = new HashMap<>();
    private final int sought;

    StepMatcher(Collection<Batch> batches) {
        for (Batch batch : batches) {
            if (batch.stepId() != null) {
                batchIdsByStepId.put(batch.stepId(), batch.id());
            } else {
                batchIdsWithoutStep.add(batch.id());
            }
        }
        this.sought = batches.size();
    }

    void offer(StepStatus step) {
        String batchId = batchIdsByStepId.get(step.stepId());
        if (batchId == null) {
            batchId = StepName.batchId(step.name()).filter(batchIdsWithoutStep::contains).orElse(null);
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
