package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** The read and write capacity units a PROVISIONED table or index declares. */
record ProvisionedThroughput(long readCapacityUnits, long writeCapacityUnits) {

    private static final String READ = "ReadCapacityUnits";
    private static final String WRITE = "WriteCapacityUnits";

    /** Reads a ProvisionedThroughput member: both units, each at least 1, as DynamoDB requires. */
    static ProvisionedThroughput parse(Request throughput) {
        throughput.supporting(Set.of(READ, WRITE));
        return new ProvisionedThroughput(throughput.requiredPositiveLong(READ), throughput.requiredPositiveLong(WRITE));
    }

    /** The member as CreateTable takes it. */
    ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put(READ, readCapacityUnits).put(WRITE, writeCapacityUnits);
    }
}
