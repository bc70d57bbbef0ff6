package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.errors.BadRequestException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClustersTest {

    private final Clusters clusters = Clusters.of("default", "j-DEFAULT", List.of("etl", "ad-hoc2"),
            List.of("j-ETL", "j-ADHOC"));

    @Test
    void aBatchRunsOnTheDefaultClusterUnlessItNamesAnother() {
        assertThat(clusters.idFor(Optional.empty())).isEqualTo("j-DEFAULT");
        assertThat(clusters.idFor(Optional.of("default"))).isEqualTo("j-DEFAULT");
        assertThat(clusters.idFor(Optional.of("etl"))).isEqualTo("j-ETL");
        assertThat(clusters.idFor(Optional.of("ad-hoc2"))).isEqualTo("j-ADHOC");
        assertThat(clusters.defaultId()).isEqualTo("j-DEFAULT");
        assertThat(clusters.idsByLabel()).containsExactly(
                Map.entry("default", "j-DEFAULT"), Map.entry("etl", "j-ETL"), Map.entry("ad-hoc2", "j-ADHOC"));
    }

    @Test
    void anUnknownLabelIsRefusedNamingTheSettingAndTheLabelsInTheDeploymentsOrder() {
        assertThatThrownBy(() -> clusters.idFor(Optional.of("etl2")))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("batchapi.cluster etl2 is not a cluster of this deployment: it has default, etl, ad-hoc2");
        // Labels are exact: a deployment's labels are lower case.
        assertThatThrownBy(() -> clusters.idFor(Optional.of("ETL"))).isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("batchapi.cluster ETL is not a cluster of this deployment");
    }

    @Test
    void anUnknownLabelIsEchoedBounded() {
        String label = "x".repeat(5000);

        assertThatThrownBy(() -> clusters.idFor(Optional.of(label)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageEndingWith("is not a cluster of this deployment: it has default, etl, ad-hoc2")
                .message().hasSizeLessThan(500);
    }

    @Test
    void aDefaultLabelOtherThanDefaultNamesTheDefaultCluster() {
        Clusters renamed = Clusters.of("main", "j-MAIN", List.of("etl"), List.of("j-ETL"));

        assertThat(renamed.idFor(Optional.empty())).isEqualTo("j-MAIN");
        assertThat(renamed.idFor(Optional.of("main"))).isEqualTo("j-MAIN");
        assertThatThrownBy(() -> renamed.idFor(Optional.of("default")))
                .hasMessage("batchapi.cluster default is not a cluster of this deployment: it has main, etl");
    }

    @Test
    void labelsAndIdsMustPairUpBeUniqueAndWellFormed() {
        assertThatThrownBy(() -> Clusters.of("default", "j-D", List.of("etl", "adhoc"), List.of("j-ETL")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("there are 2 extra cluster labels and 1 extra cluster ids: label i names cluster i");
        assertThatThrownBy(() -> Clusters.of("default", "j-D", List.of("etl", "etl"), List.of("j-A", "j-B")))
                .hasMessage("the label etl names two clusters");
        assertThatThrownBy(() -> Clusters.of("default", "j-D", List.of("default"), List.of("j-A")))
                .hasMessage("the label default names two clusters");
        assertThatThrownBy(() -> Clusters.of("default", "j-D", List.of("etl"), List.of("arn:aws:emr:j-A")))
                .hasMessage("cluster etl has the id arn:aws:emr:j-A, not an EMR cluster id j-[0-9A-Z]+");
        for (String label : new String[] {"ETL", "1etl", "-etl", "etl_1", "e".repeat(33), ""}) {
            assertThatThrownBy(() -> Clusters.of("default", "j-D", List.of(label), List.of("j-A")))
                    .hasMessage("the cluster label " + label + " is not [a-z][a-z0-9-]{0,31}"
                            + " (a lower-case letter, then up to 31 lower-case letters, digits or -)");
            assertThatThrownBy(() -> Clusters.of(label, "j-D", List.of(), List.of()))
                    .hasMessageStartingWith("the cluster label " + label + " is not");
        }
        assertThat(Clusters.of("e".repeat(32), "j-D", List.of(), List.of()).defaultLabel()).hasSize(32);
    }
}
