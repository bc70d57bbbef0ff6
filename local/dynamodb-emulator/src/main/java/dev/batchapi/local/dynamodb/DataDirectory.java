package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.batchapi.local.journal.JsonJournal;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tables' data directory: a {@link JsonJournal} whose records are commits, each a JSON array of
 * mutations, so that a commit is recovered whole or not at all.
 */
final class DataDirectory implements MutationLog {

    private final JsonJournal journal;

    private DataDirectory(JsonJournal journal) {
        this.journal = journal;
    }

    /** Opens (creating if need be) a data directory and replays what it holds, snapshot first. */
    static DataDirectory open(Path directory, Consumer<Mutation> replay) {
        return new DataDirectory(JsonJournal.open(directory,
                commit -> commit.forEach(mutation -> replay.accept(Mutation.fromJson(mutation)))));
    }

    @Override
    public void append(List<Mutation> commit) {
        journal.append(commitOf(commit));
    }

    /** A crash while compacting replays the journal over the new snapshot, which mutations tolerate. */
    @Override
    public void compact(List<Mutation> state) {
        journal.compact(state.stream().map(mutation -> commitOf(List.of(mutation))).toList());
    }

    @Override
    public void close() {
        journal.close();
    }

    private static ArrayNode commitOf(List<Mutation> mutations) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        mutations.forEach(mutation -> array.add(mutation.toJson()));
        return array;
    }
}
