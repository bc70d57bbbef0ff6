package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.errors.BadRequestException;
import org.junit.jupiter.api.Test;

class ListQueryTest {

    @Test
    void blankFiltersMeanAnyAndTheTypeIsUpperCased() {
        ListQuery query = ListQuery.of("spark", "running", "", null, 0, 0, 0, 100, false);

        assertThat(query.batchType()).contains("SPARK");
        assertThat(query.state()).contains(BatchState.RUNNING);
        assertThat(query.user()).isEmpty();
        assertThat(query.name()).isEmpty();
    }

    @Test
    void anUnknownStateNamesTheValidOnes() {
        assertThatThrownBy(() -> ListQuery.of(null, "done", null, null, 0, 0, 0, 10, false))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("Invalid batchState done: The valid batch state can be one of the following: "
                        + "PENDING,RUNNING,FINISHED,ERROR,CANCELED");
    }

    @Test
    void timeBoundsMustBeNonNegativeAndInOrder() {
        assertThatThrownBy(() -> ListQuery.of(null, null, null, null, -1, 0, 0, 10, false))
                .hasMessage("Invalid time range: createTime must not be negative");
        assertThatThrownBy(() -> ListQuery.of(null, null, null, null, 0, -1, 0, 10, false))
                .hasMessage("Invalid time range: endTime must not be negative");
        assertThatThrownBy(() -> ListQuery.of(null, null, null, null, 200, 100, 0, 10, false))
                .hasMessage("Invalid time range: endTime 100 is before createTime 200");
        assertThat(ListQuery.of(null, null, null, null, 200, 0, 0, 10, false).endTimeTo()).isZero();
        assertThat(ListQuery.of(null, null, null, null, 100, 100, 0, 10, false).createTimeFrom()).isEqualTo(100);
    }

    @Test
    void sizeIsBetweenZeroAndAThousand() {
        assertThat(ListQuery.of(null, null, null, null, 0, 0, 0, 0, false).size()).isZero();
        assertThat(ListQuery.of(null, null, null, null, 0, 0, 0, 1000, false).size()).isEqualTo(1000);
        assertThatThrownBy(() -> ListQuery.of(null, null, null, null, 0, 0, 0, -1, false))
                .hasMessage("Invalid size -1: size must be between 0 and 1000");
        assertThatThrownBy(() -> ListQuery.of(null, null, null, null, 0, 0, 0, 1001, false))
                .hasMessage("Invalid size 1001: size must be between 0 and 1000");
    }

    @Test
    void aNegativeFromCountsAsZero() {
        assertThat(ListQuery.of(null, null, null, null, 0, 0, -5, 10, false).from()).isZero();
    }

    @Test
    void fromPlusSizeIsAtMostTenThousand() {
        assertThat(ListQuery.of(null, null, null, null, 0, 0, 9_000, 1000, false).reach()).isEqualTo(10_000);
        assertThat(ListQuery.of(null, null, null, null, 0, 0, 10_000, 0, false).reach()).isEqualTo(10_000);
        assertThatThrownBy(() -> ListQuery.of(null, null, null, null, 0, 0, 9_001, 1000, false))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("Invalid from 9001 and size 1000: from + size must be at most 10000;"
                        + " narrow the list with createTime, endTime or a filter instead");
        assertThatThrownBy(() -> ListQuery.of(null, null, null, null, 0, 0, Integer.MAX_VALUE, 1000, false))
                .hasMessageStartingWith("Invalid from 2147483647 and size 1000: from + size must be at most 10000");
    }
}
