package dev.batchapi.local.dynamodb;

import java.util.List;

/** What a write does to its item: the item before and after, the mutation to commit, and its cost. */
record WriteOutcome(Item before, Item after, List<Mutation> mutations, ConsumedCapacity capacity) {

    /** Runs the write on the item as it is now (its condition already checked). */
    static WriteOutcome of(ItemWrite write, Item before) {
        Item after = write.apply(before);
        String table = write.table().name();
        List<Mutation> mutations;
        if (write instanceof ItemWrite.Check || after == null && before == null) {
            mutations = List.of();
        } else if (after == null) {
            mutations = List.of(new Mutation.ItemDeleted(table, write.key()));
        } else {
            mutations = List.of(new Mutation.ItemPut(table, after));
        }
        return new WriteOutcome(before, after, mutations, CapacityUnits.ofWrite(write.table(), before, after));
    }
}
