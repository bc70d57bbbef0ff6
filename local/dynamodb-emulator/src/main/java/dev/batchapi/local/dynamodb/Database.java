package dev.batchapi.local.dynamodb;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * All tables, behind one read-write lock. Every write operation, a transaction across tables
 * included, runs whole under the write lock and commits its mutations at once: writes are atomic
 * and linearizable, as DynamoDB's are per item and per transaction.
 */
final class Database implements AutoCloseable {

    /** ListTables answers in table name order. */
    private final Map<String, Table> tables = new TreeMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private MutationLog log = MutationLog.NONE;
    private boolean closed;

    static Database inMemory() {
        return new Database();
    }

    /** Recovers the tables held in the directory, then compacts it; releases the directory if either fails. */
    static Database persistent(Path directory) {
        Database database = new Database();
        MutationLog log = DataDirectory.open(directory, mutation -> mutation.applyTo(database.tables));
        try {
            log.compact(database.state());
        } catch (RuntimeException e) {
            try {
                log.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        database.log = log;
        return database;
    }

    <T> T read(Function<Database, T> operation) {
        lock.readLock().lock();
        try {
            requireOpen();
            return operation.apply(this);
        } finally {
            lock.readLock().unlock();
        }
    }

    <T> T write(Function<Database, T> operation) {
        lock.writeLock().lock();
        try {
            requireOpen();
            return operation.apply(this);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The table, or DynamoDB's ResourceNotFoundException. */
    Table table(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw ServiceErrors.resourceNotFound();
        }
        return table;
    }

    /** The table, or null. */
    Table find(String name) {
        return tables.get(name);
    }

    Collection<Table> tables() {
        return tables.values();
    }

    /**
     * Records the mutations, then applies them; only within {@link #write}. The stream records of
     * the item changes are part of the same commit, so a change and its record are kept or lost together.
     */
    void commit(List<Mutation> mutations) {
        if (!lock.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("commit outside a write operation");
        }
        if (!mutations.isEmpty()) {
            List<Mutation> commit = withStreamRecords(mutations);
            log.append(commit);
            commit.forEach(mutation -> mutation.applyTo(tables));
        }
    }

    /** The mutations, then a stream record for each change of an item in a table whose stream is on. */
    private List<Mutation> withStreamRecords(List<Mutation> mutations) {
        List<Mutation> commit = new ArrayList<>(mutations);
        Map<String, Long> nextSequence = new TreeMap<>();
        Instant now = Instant.now();
        for (Mutation mutation : mutations) {
            String tableName;
            Item key;
            Item after;
            if (mutation instanceof Mutation.ItemPut put) {
                tableName = put.table();
                key = put.item();
                after = put.item();
            } else if (mutation instanceof Mutation.ItemDeleted deleted) {
                tableName = deleted.table();
                key = deleted.key();
                after = null;
            } else {
                continue;
            }
            Table table = tables.get(tableName);
            if (table == null || table.stream() == null) {
                continue;
            }
            long sequence = nextSequence.computeIfAbsent(tableName, name -> table.stream().nextSequence());
            StreamRecord record = StreamRecord.of(sequence, now, table.keySchema(), table.definition().stream(),
                    table.get(key), after);
            if (record != null) {
                commit.add(new Mutation.StreamRecordAppended(tableName, record));
                nextSequence.put(tableName, sequence + 1);
            }
        }
        return commit;
    }

    /**
     * Compacts and releases the data directory, even when compacting fails (the journal then still
     * holds every commit). A closed database answers nothing, lest writes be lost.
     */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                try (MutationLog closing = log) {
                    closing.compact(state());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the DynamoDB emulator is closed");
        }
    }

    /** Mutations that rebuild the current state from nothing: what a snapshot holds. */
    private List<Mutation> state() {
        List<Mutation> state = new ArrayList<>();
        for (Table table : tables.values()) {
            state.add(new Mutation.TableCreated(table.definition()));
            if (table.timeToLive().enabled()) {
                state.add(new Mutation.TimeToLiveSet(table.name(), table.timeToLive()));
            }
            if (table.pointInTimeRecovery()) {
                state.add(new Mutation.PointInTimeRecoverySet(table.name(), true));
            }
            for (Iterator<Item> items = table.all(); items.hasNext(); ) {
                state.add(new Mutation.ItemPut(table.name(), items.next()));
            }
            if (table.stream() != null) {
                table.stream().records().forEach(record -> state.add(new Mutation.StreamRecordAppended(table.name(), record)));
            }
        }
        return state;
    }
}
