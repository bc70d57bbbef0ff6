package dev.batchapi.engine.emr;

/**
 * Where a person can follow a step: by default the EMR console page of its cluster (the console has
 * no documented deep link to one step), or any template with {clusterId} and {stepId} placeholders.
 */
public record StepLinks(String template) {

    public static StepLinks console(String region) {
        return new StepLinks("https://" + region + ".console.aws.amazon.com/emr/home?region=" + region
                + "#/clusterDetails/{clusterId}");
    }

    public String url(String clusterId, String stepId) {
        return template.replace("{clusterId}", clusterId).replace("{stepId}", stepId);
    }
}
