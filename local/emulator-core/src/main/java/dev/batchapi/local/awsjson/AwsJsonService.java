package dev.batchapi.local.awsjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

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
     * The operations the service answers, by their X-Amz-Target names (e.g. {@code PutItem}). The
     * server refuses the others before it reads their body, as AWS does.
     */
    Set<String> operations();

    /**
     * Runs one of {@link #operations()} on a request body that is a JSON object.
     *
     * @throws AwsServiceException for every error the real service would answer with
     */
    ObjectNode handle(String operation, JsonNode request);
}
