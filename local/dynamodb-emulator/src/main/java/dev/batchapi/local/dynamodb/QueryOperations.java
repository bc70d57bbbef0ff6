package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Query and Scan: one page of a table or index, read in key order. A page ends after Limit items
 * evaluated (before the filter) or 1 MB read, and then carries a LastEvaluatedKey; DynamoDB does not
 * look ahead, so a page that ends exactly at the last item still carries one.
 */
final class QueryOperations {

    /** "A single Query operation can retrieve a maximum of 1 MB of data", measured before the filter. */
    private static final long PAGE_BYTES = 1024 * 1024;

    private static final String FILTER_EXPRESSION = "FilterExpression";
    private static final String ALL_ATTRIBUTES = "ALL_ATTRIBUTES";
    private static final String ALL_PROJECTED_ATTRIBUTES = "ALL_PROJECTED_ATTRIBUTES";
    private static final String SPECIFIC_ATTRIBUTES = "SPECIFIC_ATTRIBUTES";
    private static final String COUNT = "COUNT";
    private static final Set<String> READ_MEMBERS = Set.of("TableName", "IndexName", "Select", "Limit",
            "ConsistentRead", "ExclusiveStartKey", ProjectionExpression.MEMBER, FILTER_EXPRESSION,
            "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnConsumedCapacity");

    private final Database database;

    QueryOperations(Database database) {
        this.database = database;
    }

    ObjectNode query(Request request) {
        Set<String> members = new HashSet<>(READ_MEMBERS);
        members.addAll(Set.of(KeyCondition.MEMBER, "ScanIndexForward"));
        request.supporting(members);
        if (!request.has(KeyCondition.MEMBER)) {
            throw ServiceErrors.validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        return database.read(db -> {
            ReadTarget target = target(db, request);
            ExpressionAttributes attributes = ExpressionAttributes.of(request,
                    KeyCondition.MEMBER, FILTER_EXPRESSION, ProjectionExpression.MEMBER);
            KeyCondition keyCondition = KeyCondition.parse(request.string(KeyCondition.MEMBER), attributes,
                    target.keySchema());
            target.keySchema().validatePartitionValue(keyCondition.partitionValue());
            Page page = page(request, target, attributes, true);
            page.filterExcludesKeys(target.keySchema());
            Item start = page.startKey();
            if (start != null) {
                keyCondition.checkStartKey(start, target.keySchema());
            }
            Iterator<Item> candidates = target.items().partition(keyCondition.partitionValue(),
                    request.bool("ScanIndexForward", true), start);
            return page.read(candidates, keyCondition);
        });
    }

    ObjectNode scan(Request request) {
        request.supporting(READ_MEMBERS);
        return database.read(db -> {
            ReadTarget target = target(db, request);
            ExpressionAttributes attributes = ExpressionAttributes.of(request,
                    FILTER_EXPRESSION, ProjectionExpression.MEMBER);
            Page page = page(request, target, attributes, false);
            return page.read(target.items().all(page.startKey()), null);
        });
    }

    private static ReadTarget target(Database db, Request request) {
        ReadTarget target = ReadTarget.of(db.table(request.requiredString("TableName")), request.string("IndexName"));
        if (target.isIndex() && request.bool("ConsistentRead", false)) {
            throw ServiceErrors.validation("Consistent reads are not supported on global secondary indexes");
        }
        return target;
    }

    private static Page page(Request request, ReadTarget target, ExpressionAttributes attributes, boolean query) {
        Condition filter = ConditionParser.optional(request, FILTER_EXPRESSION, attributes);
        ProjectionExpression projection = ProjectionExpression.of(request, attributes);
        attributes.checkAllUsed();
        Item start = request.has("ExclusiveStartKey")
                ? target.startKey(AttributeValueJson.item(request.node("ExclusiveStartKey")), query) : null;
        return new Page(target, filter, projection, select(request, target, projection), request.positiveInteger("Limit"),
                request.bool("ConsistentRead", false), ConsumedCapacity.mode(request), start);
    }

    /** Select defaults to SPECIFIC_ATTRIBUTES with a projection, else to everything the table or index holds. */
    private static String select(Request request, ReadTarget target, ProjectionExpression projection) {
        String fallback = projection != null ? SPECIFIC_ATTRIBUTES
                : target.isIndex() ? ALL_PROJECTED_ATTRIBUTES : ALL_ATTRIBUTES;
        String select = request.choice("Select", fallback,
                Set.of(ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, SPECIFIC_ATTRIBUTES, COUNT));
        if (SPECIFIC_ATTRIBUTES.equals(select) && projection == null) {
            throw ServiceErrors.validation(
                    "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
        }
        if (!SPECIFIC_ATTRIBUTES.equals(select) && projection != null) {
            throw ServiceErrors.validation("Cannot specify the ProjectionExpression when choosing to get " + select);
        }
        if (ALL_PROJECTED_ATTRIBUTES.equals(select) && !target.isIndex()) {
            throw ServiceErrors.validation(
                    "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        if (ALL_ATTRIBUTES.equals(select) && target.isIndex()
                && !Projection.ALL.equals(target.index().projection().type())) {
            throw ServiceErrors.invalidParameter("Select type ALL_ATTRIBUTES is not supported for global secondary"
                    + " index " + target.index().name() + " because its projection type is not ALL");
        }
        return select;
    }

    /** One page's parameters, and the reading of it. */
    private record Page(ReadTarget target, Condition filter, ProjectionExpression projection, String select,
                        Integer limit, boolean consistent, String capacityMode, Item startKey) {

        /** A query's filter may not name the key attributes: the key condition is the place for them. */
        void filterExcludesKeys(KeySchema key) {
            if (filter != null) {
                ConditionAttributes.topLevelNames(filter).stream().filter(key::isKeyAttribute).findFirst()
                        .ifPresent(name -> {
                            throw ServiceErrors.validation("Filter Expression can only contain non-primary key"
                                    + " attributes: Primary key attribute: " + name);
                        });
            }
        }

        ObjectNode read(Iterator<Item> candidates, KeyCondition keyCondition) {
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            int count = 0;
            int scanned = 0;
            long bytes = 0;
            Item last = null;
            boolean stopped = false;
            while (!stopped && candidates.hasNext()) {
                Item item = candidates.next();
                if (keyCondition != null && !keyCondition.matchesSortKey(item)) {
                    continue;
                }
                scanned++;
                bytes += ItemSize.of(item);
                last = item;
                if (filter == null || filter.test(item)) {
                    count++;
                    if (!COUNT.equals(select)) {
                        items.add(AttributeValueJson.toJson(projection == null ? item : projection.apply(item)));
                    }
                }
                stopped = limit != null && scanned == limit || bytes >= PAGE_BYTES;
            }
            if (!COUNT.equals(select)) {
                answer.set("Items", items);
            }
            answer.put("Count", count).put("ScannedCount", scanned);
            if (stopped) {
                answer.set("LastEvaluatedKey", AttributeValueJson.toJson(target.items().positionOf(last)));
            }
            ConsumedCapacity.report(answer, capacityMode, target.capacity(CapacityUnits.read(bytes, consistent)));
            return answer;
        }
    }
}
