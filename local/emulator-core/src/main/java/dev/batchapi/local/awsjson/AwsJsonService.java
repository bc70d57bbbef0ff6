package dev.batchapi.local.awsjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One AWS service spoken over the AWS JSON protocol: every call is {@code POST /} with
 * {@code X-Amz-Target: <prefix>.<Operation>} and a JSON body, answered with a JSON body.
 */
public interface AwsJsonService {

    /** The X-Amz-Target prefix, e.g. {@code DynamoDB_20120810} or {@code ElasticMapReduce}. */
    String targetPrefix();

    /** The protocol version the service speaks: {@code 1.0} (DynamoDB) or {@code 1.1} (EMR). */
    String jsonVersion();

    /**
     * Runs one operation.
     *
     * @throws AwsServiceException for every error the real service would answer with
     */
    ObjectNode handle(String operation, JsonNode request);
}
