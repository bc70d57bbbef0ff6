package dev.batchapi.support;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Records every AWS call the code under test makes, as IAM names it ({@code dynamodb:PutItem},
 * {@code elasticmapreduce:AddJobFlowSteps}), and asks DynamoDB for the capacity each Query consumed
 * so tests can state what a list costs.
 */
public final class SdkCallRecorder implements ExecutionInterceptor {

    private final List<String> actions = new CopyOnWriteArrayList<>();
    private final List<QueryCost> queries = new CopyOnWriteArrayList<>();

    public record QueryCost(String indexName, int scannedCount, double capacityUnits) {
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (context.request() instanceof QueryRequest query) {
            return query.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return context.request();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof TransactWriteItemsRequest transaction) {
            // IAM has no TransactWriteItems action: each write needs the permission of its kind.
            transaction.transactItems().forEach(item -> actions.add("dynamodb:" + (item.put() != null ? "PutItem"
                    : item.update() != null ? "UpdateItem"
                    : item.delete() != null ? "DeleteItem"
                    : "ConditionCheckItem")));
            return;
        }
        if (context.request() instanceof AddJobFlowStepsRequest steps && steps.executionRoleArn() != null) {
            // Passing a runtime role to EMR needs iam:PassRole on it, besides the call's own action.
            actions.add("iam:PassRole");
        }
        actions.add(iamPrefix(context.request().getClass().getPackageName()) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.response() instanceof QueryResponse response && context.request() instanceof QueryRequest request) {
            ConsumedCapacity capacity = response.consumedCapacity();
            queries.add(new QueryCost(request.indexName(), response.scannedCount(),
                    capacity == null || capacity.capacityUnits() == null ? 0 : capacity.capacityUnits()));
        }
        return context.response();
    }

    /** The IAM service prefix of an SDK client's model package (EMR's and EventBridge's are their old names). */
    private static String iamPrefix(String modelPackage) {
        String service = modelPackage.replace("software.amazon.awssdk.services.", "").replace(".model", "");
        return switch (service) {
            case "emr" -> "elasticmapreduce";
            case "eventbridge" -> "events";
            default -> service;
        };
    }

    public List<String> actions() {
        return List.copyOf(actions);
    }

    public Set<String> distinctActions() {
        return new TreeSet<>(actions);
    }

    public List<QueryCost> queries() {
        return List.copyOf(queries);
    }

    public void clear() {
        actions.clear();
        queries.clear();
    }
}
