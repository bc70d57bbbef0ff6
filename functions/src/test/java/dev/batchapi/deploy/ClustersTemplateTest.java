package dev.batchapi.deploy;

import static dev.batchapi.deploy.ProjectTemplate.TEMPLATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.batchapi.local.sam.SamTemplate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Routing (issue 13, item 5): the deployment names its clusters by label, every function learns
 * them, and IAM and the step event rule cover exactly those clusters, with or without extra ones.
 */
class ClustersTemplateTest {

    private static final String MAIN_ARN = "arn:aws:elasticmapreduce:eu-west-1:123456789012:cluster/j-MAIN";
    /** The parameter without a default, and the pseudo parameters of a deployment. */
    private static final Map<String, String> ONE_CLUSTER = Map.of("EmrClusterId", "j-MAIN", "LogBucket", "logs",
            "AWS::Partition", "aws", "AWS::Region", "eu-west-1", "AWS::AccountId", "123456789012");
    private static final Map<String, String> THREE_CLUSTERS = with(Map.of(
            "ExtraClusterLabels", "etl,adhoc", "ExtraClusterIds", "j-ETL,j-ADHOC"));

    @Test
    void theClustersAreParametersLabelledAsTheApiChecksThem() {
        assertThat(ProjectTemplate.parameter("EmrClusterLabel")).containsEntry("Type", "String")
                .containsEntry("Default", "default").containsEntry("AllowedPattern", "[a-z][a-z0-9-]{0,31}");
        assertThat(ProjectTemplate.parameter("ExtraClusterLabels")).containsEntry("Type", "CommaDelimitedList")
                .containsEntry("Default", "");
        assertThat(ProjectTemplate.parameter("ExtraClusterIds")).containsEntry("Type", "CommaDelimitedList")
                .containsEntry("Default", "");
        // CloudFormation matches a list parameter's pattern against each entry; the empty default is one empty entry.
        assertMatches("ExtraClusterLabels", List.of("", "etl", "ad-hoc2", "e".repeat(32)),
                List.of("Etl", "1etl", "-etl", "etl_2", "e".repeat(33)));
        assertMatches("ExtraClusterIds", List.of("", "j-ETL", "j-2AXXXXXXGAPLF"), List.of("etl", "j-etl", "s-ABC", "j-"));
        assertMatches("EmrClusterLabel", List.of("default", "main"), List.of("", "Main"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFunctionIsToldTheClustersByLabel() {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                TEMPLATE.root().get("Globals")).get("Function")).get("Environment")).get("Variables");

        assertThat(TEMPLATE.resolved(globals, THREE_CLUSTERS)).asInstanceOf(MAP)
                .containsEntry("EMR_CLUSTER_ID", "j-MAIN").containsEntry("EMR_CLUSTER_LABEL", "default")
                .containsEntry("EMR_EXTRA_CLUSTER_LABELS", "etl,adhoc").containsEntry("EMR_EXTRA_CLUSTER_IDS", "j-ETL,j-ADHOC");
        assertThat(TEMPLATE.resolved(globals, ONE_CLUSTER)).asInstanceOf(MAP)
                .containsEntry("EMR_EXTRA_CLUSTER_LABELS", "").containsEntry("EMR_EXTRA_CLUSTER_IDS", "");
    }

    @Test
    void everyEmrStatementNamesExactlyTheDeploymentsClusters() {
        List<Object> withExtras = emrResources(THREE_CLUSTERS);
        List<Object> withoutExtras = emrResources(ONE_CLUSTER);

        // the create (AddJobFlowSteps, CancelSteps), delete (its steps, AddJobFlowSteps), localLog, sync (its
        // steps, AddJobFlowSteps) and step event (its steps, AddJobFlowSteps) functions: each dispatches
        assertThat(withExtras).hasSize(9).containsOnly(List.of(MAIN_ARN,
                "arn:*:elasticmapreduce:*:*:cluster/j-ETL", "arn:*:elasticmapreduce:*:*:cluster/j-ADHOC"));
        assertThat(withoutExtras).hasSize(9).containsOnly(List.of(MAIN_ARN));
    }

    @Test
    void theLocalLogReadsTheStepLogsOfTheClustersOnly() {
        assertThat(logReads(ONE_CLUSTER)).containsExactly(List.of("arn:aws:s3:::logs/j-MAIN/steps/*"));
        assertThat(logReads(THREE_CLUSTERS)).containsExactly(List.of("arn:aws:s3:::logs/j-*/steps/*"));
        assertThat(logReads(with(Map.of("ExtraClusterLabels", "etl", "ExtraClusterIds", "j-ETL", "LogPrefix", "emr/"))))
                .containsExactly(List.of("arn:aws:s3:::logs/emr/j-*/steps/*"));
    }

    @Test
    void theStepEventRuleMatchesEveryClusterOfTheDeployment() {
        SamTemplate.Function events = ProjectTemplate.function("StepStatusChangeFunction");

        assertThat(clusterIdsOf(events, THREE_CLUSTERS)).isEqualTo(List.of("j-MAIN", "j-ETL", "j-ADHOC"));
        assertThat(clusterIdsOf(events, ONE_CLUSTER)).isEqualTo(List.of("j-MAIN"));
    }

    @SuppressWarnings("unchecked")
    private static Object clusterIdsOf(SamTemplate.Function function, Map<String, String> parameters) {
        Map<String, Object> pattern = (Map<String, Object>) TEMPLATE.resolved(function.eventPatterns().get(0), parameters);
        return ((Map<String, Object>) pattern.get("detail")).get("clusterId");
    }

    /** The resources of every statement whose actions are all EMR's, each as a list. */
    private static List<Object> emrResources(Map<String, String> parameters) {
        return resourcesOf(parameters, actions -> actions.stream().allMatch(action -> action.startsWith("elasticmapreduce:")));
    }

    private static List<Object> logReads(Map<String, String> parameters) {
        return resourcesOf(parameters, actions -> actions.equals(List.of("s3:GetObject")));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> resourcesOf(Map<String, String> parameters,
            Predicate<List<String>> selected) {
        return TEMPLATE.functions().stream()
                .flatMap(function -> function.statements().stream())
                .map(statement -> (Map<String, Object>) TEMPLATE.resolved(statement, parameters))
                .filter(statement -> selected.test(SamTemplate.actions(statement)))
                .map(statement -> (Object) SamTemplate.resources(statement))
                .toList();
    }

    private static void assertMatches(String parameter, List<String> accepted, List<String> refused) {
        Pattern pattern = Pattern.compile((String) ProjectTemplate.parameter(parameter).get("AllowedPattern"));
        accepted.forEach(value -> assertThat(pattern.matcher(value).matches()).as("%s=%s", parameter, value).isTrue());
        refused.forEach(value -> assertThat(pattern.matcher(value).matches()).as("%s=%s", parameter, value).isFalse());
    }

    private static Map<String, String> with(Map<String, String> parameters) {
        Map<String, String> all = new HashMap<>(ONE_CLUSTER);
        all.putAll(parameters);
        return all;
    }
}
