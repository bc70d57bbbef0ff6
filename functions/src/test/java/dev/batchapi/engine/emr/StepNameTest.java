package dev.batchapi.engine.emr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.batch.StepOwner;
import org.junit.jupiter.api.Test;

class StepNameTest {

    private static final String ID = "4f1c0b8e-27a4-4b52-9d44-0a7e2e0b9f3d";

    @Test
    void carriesTheBatchIdThenTheName() {
        assertThat(StepName.of(ID, 1, "nightly")).isEqualTo(ID + " nightly");
        assertThat(StepName.of(ID, 1, null)).isEqualTo(ID);
        assertThat(StepName.of(ID, 1, " ")).isEqualTo(ID);
    }

    @Test
    void aRetryCarriesItsAttemptAfterTheId() {
        assertThat(StepName.of(ID, 2, "nightly")).isEqualTo(ID + "#2 nightly");
        assertThat(StepName.of(ID, 10, null)).isEqualTo(ID + "#10");
        assertThat(StepName.owner(ID + "#2 nightly")).contains(new StepOwner(ID, 2));
        assertThat(StepName.owner(ID + "#10")).contains(new StepOwner(ID, 10));
        assertThat(StepName.owner(ID + " #2")).contains(new StepOwner(ID, 1));
        assertThat(StepName.owner(ID + "#1 nightly")).isEmpty();
        assertThat(StepName.owner(ID + "#11")).isEmpty();
    }

    @Test
    void staysWithinEmrsLimit() {
        String name = StepName.of(ID, 3, "x".repeat(400));

        assertThat(name).hasSize(256).startsWith(ID + "#3 x");
        assertThat(StepName.owner(name)).contains(new StepOwner(ID, 3));
    }

    @Test
    void readsTheBatchIdBackOnlyFromOurNames() {
        assertThat(StepName.owner(ID + " nightly")).contains(new StepOwner(ID, 1));
        assertThat(StepName.owner(ID.toUpperCase())).contains(new StepOwner(ID, 1));
        assertThat(StepName.owner("Setup hadoop debugging")).isEmpty();
        assertThat(StepName.owner(ID + "x")).isEmpty();
        assertThat(StepName.owner(null)).isEmpty();
    }
}
