package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** CreateTable, DescribeTable, DeleteTable, ListTables, and the TTL and continuous backup settings. */
final class TableOperations {

    private static final String ENABLED = "ENABLED";
    private static final String DISABLED = "DISABLED";

    private final Database database;
    private final Clock clock;

    TableOperations(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Tables are ACTIVE at once: there is nothing to provision. */
    ObjectNode createTable(Request request) {
        TableDefinition definition = TableDefinition.parse(request, clock.instant());
        return database.write(db -> {
            if (db.find(definition.name()) != null) {
                throw ServiceErrors.resourceInUse("Table already exists: " + definition.name());
            }
            db.commit(List.of(new Mutation.TableCreated(definition)));
            return tableDescription(db.table(definition.name()), "ACTIVE");
        });
    }

    ObjectNode describeTable(Request request) {
        String name = request.supporting(Set.of("TableName")).requiredString("TableName");
        return database.read(db -> {
            Table table = db.find(name);
            if (table == null) {
                throw ServiceErrors.resourceNotFound("Requested resource not found: Table: " + name + " not found");
            }
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.set("Table", TableDescription.of(table, "ACTIVE"));
            return answer;
        });
    }

    ObjectNode deleteTable(Request request) {
        String name = request.supporting(Set.of("TableName")).requiredString("TableName");
        return database.write(db -> {
            Table table = db.table(name);
            ObjectNode answer = tableDescription(table, "DELETING");
            db.commit(List.of(new Mutation.TableDeleted(name)));
            return answer;
        });
    }

    /** Table names in order, at most Limit (up to 100) of them after ExclusiveStartTableName. */
    ObjectNode listTables(Request request) {
        request.supporting(Set.of("ExclusiveStartTableName", "Limit"));
        String after = request.string("ExclusiveStartTableName");
        Integer requested = request.positiveInteger("Limit");
        int limit = Math.min(requested == null ? 100 : requested, 100);
        return database.read(db -> {
            List<String> names = db.tables().stream().map(Table::name)
                    .filter(name -> after == null || name.compareTo(after) > 0).toList();
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            ArrayNode array = answer.putArray("TableNames");
            names.stream().limit(limit).forEach(array::add);
            if (names.size() > limit) {
                answer.put("LastEvaluatedTableName", names.get(limit - 1));
            }
            return answer;
        });
    }

    ObjectNode updateTimeToLive(Request request) {
        request.supporting(Set.of("TableName", "TimeToLiveSpecification"));
        String name = request.requiredString("TableName");
        Request specification = request.nested("TimeToLiveSpecification").supporting(Set.of("AttributeName", "Enabled"));
        String attribute = specification.requiredString("AttributeName");
        boolean enable = specification.required("Enabled").asBoolean();
        return database.write(db -> {
            Table table = db.table(name);
            if (table.timeToLive().enabled() == enable) {
                throw ServiceErrors.validation("TimeToLive is already " + (enable ? "enabled" : "disabled"));
            }
            db.commit(List.of(new Mutation.TimeToLiveSet(name, enable ? new TimeToLive(attribute, true)
                    : TimeToLive.DISABLED)));
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.putObject("TimeToLiveSpecification").put("AttributeName", attribute).put("Enabled", enable);
            return answer;
        });
    }

    ObjectNode describeTimeToLive(Request request) {
        String name = request.supporting(Set.of("TableName")).requiredString("TableName");
        return database.read(db -> {
            TimeToLive timeToLive = db.table(name).timeToLive();
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            ObjectNode description = answer.putObject("TimeToLiveDescription")
                    .put("TimeToLiveStatus", timeToLive.enabled() ? ENABLED : DISABLED);
            if (timeToLive.enabled()) {
                description.put("AttributeName", timeToLive.attributeName());
            }
            return answer;
        });
    }

    ObjectNode updateContinuousBackups(Request request) {
        request.supporting(Set.of("TableName", "PointInTimeRecoverySpecification"));
        String name = request.requiredString("TableName");
        boolean enable = request.nested("PointInTimeRecoverySpecification")
                .supporting(Set.of("PointInTimeRecoveryEnabled"))
                .required("PointInTimeRecoveryEnabled").asBoolean();
        return database.write(db -> {
            tableForBackups(db, name);
            db.commit(List.of(new Mutation.PointInTimeRecoverySet(name, enable)));
            return continuousBackups(enable);
        });
    }

    ObjectNode describeContinuousBackups(Request request) {
        String name = request.supporting(Set.of("TableName")).requiredString("TableName");
        return database.read(db -> continuousBackups(tableForBackups(db, name).pointInTimeRecovery()));
    }

    private ObjectNode tableDescription(Table table, String status) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("TableDescription", TableDescription.of(table, status));
        return answer;
    }

    /** The backup operations answer TableNotFoundException, not ResourceNotFoundException. */
    private static Table tableForBackups(Database db, String name) {
        Table table = db.find(name);
        if (table == null) {
            throw ServiceErrors.tableNotFound(name);
        }
        return table;
    }

    private static ObjectNode continuousBackups(boolean pointInTimeRecovery) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ObjectNode description = answer.putObject("ContinuousBackupsDescription")
                .put("ContinuousBackupsStatus", ENABLED);
        description.putObject("PointInTimeRecoveryDescription")
                .put("PointInTimeRecoveryStatus", pointInTimeRecovery ? ENABLED : DISABLED);
        return answer;
    }
}
