package dev.batchapi.local.emr.step;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of ListSteps: newest first, and a marker when more steps match. */
public record StepPage(List<Step> steps, Optional<String> marker) {

    public StepPage {
        steps = List.copyOf(steps);
        Objects.requireNonNull(marker, "marker");
    }
}
