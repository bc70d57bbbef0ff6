package dev.batchapi.batch.log;

/**
 * Where EMR puts a step's logs: {@code <LogUri>/<cluster-id>/steps/<step-id>/}, holding
 * {@code stdout}, {@code stderr} and {@code controller}, gzipped ({@code .gz}) once EMR uploads them.
 */
public record StepLogLocation(String logUri, String clusterId, String stepId) {

    /** The step's folder under the LogUri, with a trailing slash. */
    public String folder() {
        String root = logUri.endsWith("/") ? logUri : logUri + "/";
        return root + clusterId + "/steps/" + stepId + "/";
    }
}
