package dev.batchapi.engine.emr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepNameTest {

    private static final String ID = "4f1c0b8e-27a4-4b52-9d44-0a7e2e0b9f3d";

    @Test
    void carriesTheBatchIdThenTheName() {
        assertThat(StepName.of(ID, "nightly")).isEqualTo(ID + " nightly");
        assertThat(StepName.of(ID, null)).isEqualTo(ID);
        assertThat(StepName.of(ID, " ")).isEqualTo(ID);
    }

    @Test
    void staysWithinEmrsLimit() {
        String name = StepName.of(ID, "x".repeat(400));

        assertThat(name).hasSize(256).startsWith(ID + " x");
        assertThat(StepName.batchId(name)).contains(ID);
    }

    @Test
    void readsTheBatchIdBackOnlyFromOurNames() {
        assertThat(StepName.batchId(ID + " nightly")).contains(ID);
        assertThat(StepName.batchId(ID.toUpperCase())).contains(ID);
        assertThat(StepName.batchId("Setup hadoop debugging")).isEmpty();
        assertThat(StepName.batchId(ID + "x")).isEmpty();
        assertThat(StepName.batchId(null)).isEmpty();
    }
}
