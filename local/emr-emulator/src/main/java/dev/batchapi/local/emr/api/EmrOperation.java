package dev.batchapi.local.emr.api;

import java.util.Arrays;
import java.util.Optional;

/** The EMR operations the emulator answers, by their X-Amz-Target names. */
public enum EmrOperation {
    ADD_JOB_FLOW_STEPS("AddJobFlowSteps"),
    CANCEL_STEPS("CancelSteps"),
    DESCRIBE_CLUSTER("DescribeCluster"),
    DESCRIBE_STEP("DescribeStep"),
    LIST_STEPS("ListSteps"),
    RUN_JOB_FLOW("RunJobFlow"),
    TERMINATE_JOB_FLOWS("TerminateJobFlows");

    private final String wireName;

    EmrOperation(String wireName) {
        this.wireName = wireName;
    }

    /** The name after {@code ElasticMapReduce.}, also the key of {@code AwsJsonServer.callCount} and {@code failNext}. */
    public String wireName() {
        return wireName;
    }

    static Optional<EmrOperation> named(String wireName) {
        return Arrays.stream(values()).filter(operation -> operation.wireName.equals(wireName)).findFirst();
    }
}
