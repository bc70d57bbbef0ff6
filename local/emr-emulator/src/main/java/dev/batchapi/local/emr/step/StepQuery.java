package dev.batchapi.local.emr.step;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Which steps a ListSteps call asks for; an empty set does not filter. */
public record StepQuery(Set<StepState> states, Set<String> stepIds, Optional<String> marker) {

    public StepQuery {
        states = Set.copyOf(states);
        stepIds = Set.copyOf(stepIds);
        Objects.requireNonNull(marker, "marker");
    }

    public boolean matches(Step step) {
        return (states.isEmpty() || states.contains(step.state()))
                && (stepIds.isEmpty() || stepIds.contains(step.id()));
    }
}
