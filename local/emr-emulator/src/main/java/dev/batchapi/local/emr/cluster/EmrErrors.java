package dev.batchapi.local.emr.cluster;

import dev.batchapi.local.awsjson.AwsErrors;
import dev.batchapi.local.awsjson.AwsServiceException;
import dev.batchapi.local.emr.step.ActionOnFailure;

/**
 * The errors EMR answers, with EMR's codes and wording. Both codes are HTTP 400: the SDK turns
 * InvalidRequestException into its typed exception and ValidationException into a plain
 * EmrException carrying the code.
 */
public final class EmrErrors {

    private EmrErrors() {
    }

    public static AwsServiceException validation(String message) {
        return AwsErrors.validation(message);
    }

    /** The older job-flow operations (AddJobFlowSteps, TerminateJobFlows) word an unknown id so. */
    static AwsServiceException unknownJobFlow() {
        return validation("Specified job flow ID not valid");
    }

    /** The cluster operations (DescribeCluster, DescribeStep, ListSteps, CancelSteps) word an unknown id so. */
    static AwsServiceException unknownCluster(String clusterId) {
        return invalidRequest("Cluster id '" + clusterId + "' is not valid.");
    }

    static AwsServiceException unknownStep(String stepId) {
        return invalidRequest("Step id '" + stepId + "' is not valid.");
    }

    static AwsServiceException clusterNotModifiable() {
        return validation("A job flow that is shutting down, terminated, or finished may not be modified.");
    }

    static AwsServiceException tooManyActiveSteps() {
        return validation("Maximum number of active steps(State = 'Running', 'Pending' or 'Cancel_Pending') for cluster exceeded.");
    }

    static AwsServiceException actionOnFailureNotAllowed(ActionOnFailure action, int stepConcurrencyLevel) {
        return validation("ActionOnFailure " + action + " is not valid for a cluster with StepConcurrencyLevel "
                + stepConcurrencyLevel + "; only CONTINUE is supported when steps run concurrently.");
    }

    static AwsServiceException terminationProtected() {
        return validation("Could not shut down one or more job flows since they are termination protected.");
    }

    static AwsServiceException stepIdsAndStatesTogether() {
        return invalidRequest("Cannot specify both StepIds and StepStates.");
    }

    // The two below are refusals EMR makes in words the emulator could not check; the code is EMR's.

    static AwsServiceException tooManyStepIds(int max) {
        return invalidRequest("StepIds may name at most " + max + " steps.");
    }

    static AwsServiceException invalidMarker(String marker) {
        return invalidRequest("Marker '" + marker + "' is not valid.");
    }

    private static AwsServiceException invalidRequest(String message) {
        return new AwsServiceException(400, "InvalidRequestException", message);
    }
}
