package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.AwsErrors;
import dev.batchapi.local.awsjson.AwsJsonService;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A local stand-in for Amazon DynamoDB, spoken to over the DynamoDB JSON 1.0 protocol (serve it with
 * {@code AwsJsonServer.start(emulator, port)}): tables with global secondary indexes, item reads and
 * conditional writes, batches, write transactions, queries and scans with expressions, consumed
 * capacity, TTL and point-in-time recovery settings, and each table's stream ({@link #streams()}). Operations it does not implement are refused
 * with UnknownOperationException, request members it does not implement with ValidationException.
 */
public final class DynamoDbEmulator implements AwsJsonService, AutoCloseable {

    private final Database database;
    private final Map<String, Function<Request, ObjectNode>> operations;
    private final AwsJsonService streams;

    private DynamoDbEmulator(Database database) {
        this.database = database;
        TableOperations tables = new TableOperations(database, Clock.systemUTC());
        ItemOperations items = new ItemOperations(database);
        BatchOperations batches = new BatchOperations(database);
        TransactionOperations transactions = new TransactionOperations(database);
        QueryOperations queries = new QueryOperations(database);
        this.operations = Map.ofEntries(
                Map.entry("CreateTable", tables::createTable),
                Map.entry("DescribeTable", tables::describeTable),
                Map.entry("DeleteTable", tables::deleteTable),
                Map.entry("ListTables", tables::listTables),
                Map.entry("UpdateTimeToLive", tables::updateTimeToLive),
                Map.entry("DescribeTimeToLive", tables::describeTimeToLive),
                Map.entry("UpdateContinuousBackups", tables::updateContinuousBackups),
                Map.entry("DescribeContinuousBackups", tables::describeContinuousBackups),
                Map.entry("PutItem", items::putItem),
                Map.entry("GetItem", items::getItem),
                Map.entry("UpdateItem", items::updateItem),
                Map.entry("DeleteItem", items::deleteItem),
                Map.entry("BatchGetItem", batches::batchGetItem),
                Map.entry("BatchWriteItem", batches::batchWriteItem),
                Map.entry("TransactWriteItems", transactions::transactWriteItems),
                Map.entry("Query", queries::query),
                Map.entry("Scan", queries::scan));
        StreamOperations streamOperations = new StreamOperations(database);
        this.streams = new Operations("DynamoDBStreams_20120810", Map.of(
                "ListStreams", streamOperations::listStreams,
                "DescribeStream", streamOperations::describeStream,
                "GetShardIterator", streamOperations::getShardIterator,
                "GetRecords", streamOperations::getRecords));
    }

    /**
     * DynamoDB Streams over the same tables, a service of its own (serve it on a port of its own, as
     * DynamoDB Streams has its own endpoint): the stream of each table created with a StreamSpecification.
     */
    public AwsJsonService streams() {
        return streams;
    }

    /** An emulator whose tables live as long as it does. */
    public static DynamoDbEmulator inMemory() {
        return new DynamoDbEmulator(Database.inMemory());
    }

    /**
     * An emulator whose tables survive restarts in {@code dataDirectory}: each write is journaled
     * before it is applied, and the journal is compacted into a snapshot on opening and on closing.
     */
    public static DynamoDbEmulator persistent(Path dataDirectory) {
        return new DynamoDbEmulator(Database.persistent(dataDirectory));
    }

    @Override
    public String targetPrefix() {
        return "DynamoDB_20120810";
    }

    @Override
    public String jsonVersion() {
        return "1.0";
    }

    @Override
    public Set<String> operations() {
        return operations.keySet();
    }

    /** The server only passes on {@link #operations()}; a test may call any name directly. */
    @Override
    public ObjectNode handle(String operation, JsonNode request) {
        return dispatch(targetPrefix(), operations, operation, request);
    }

    private static ObjectNode dispatch(String targetPrefix, Map<String, Function<Request, ObjectNode>> operations,
            String operation, JsonNode request) {
        Function<Request, ObjectNode> handler = operations.get(operation);
        if (handler == null) {
            throw AwsErrors.unknownOperation(targetPrefix + "." + operation);
        }
        return handler.apply(new Request(operation, request));
    }

    /** A service of named operations over this emulator's tables. */
    private record Operations(String targetPrefix, Map<String, Function<Request, ObjectNode>> handlers)
            implements AwsJsonService {

        @Override
        public String jsonVersion() {
            return "1.0";
        }

        @Override
        public Set<String> operations() {
            return handlers.keySet();
        }

        @Override
        public ObjectNode handle(String operation, JsonNode request) {
            return dispatch(targetPrefix, handlers, operation, request);
        }
    }

    /**
     * Deletes the items whose TTL attribute (as set by UpdateTimeToLive) is a number of epoch seconds
     * at or before {@code now}, which DynamoDB does in the background; values of other types never
     * expire. Returns how many items were deleted.
     */
    public int sweepExpiredItems(Instant now) {
        BigDecimal nowSeconds = BigDecimal.valueOf(now.getEpochSecond()).add(BigDecimal.valueOf(now.getNano(), 9));
        return database.write(db -> {
            List<Mutation> deletions = new ArrayList<>();
            for (Table table : db.tables()) {
                TimeToLive timeToLive = table.timeToLive();
                if (!timeToLive.enabled()) {
                    continue;
                }
                for (Iterator<Item> items = table.all(); items.hasNext(); ) {
                    Item item = items.next();
                    if (item.get(timeToLive.attributeName()) instanceof AttributeValue.N expiry
                            && expiry.value().compareTo(nowSeconds) <= 0) {
                        deletions.add(new Mutation.ItemDeleted(table.name(), table.keySchema().keyOf(item)));
                    }
                }
            }
            db.commit(deletions);
            return deletions.size();
        });
    }

    /** Compacts and releases the data directory of a persistent emulator. */
    @Override
    public void close() {
        database.close();
    }
}
