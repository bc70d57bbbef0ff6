package dev.batchapi.local.dynamodb;

import java.util.List;

/** Where committed mutations are kept: nowhere for an in-memory emulator, a {@link DataDirectory} otherwise. */
interface MutationLog extends AutoCloseable {

    MutationLog NONE = new MutationLog() {
        @Override
        public void append(List<Mutation> commit) {
        }

        @Override
        public void compact(List<Mutation> state) {
        }

        @Override
        public void close() {
        }
    };

    /** Records one commit durably before it is applied; a commit is recovered whole or not at all. */
    void append(List<Mutation> commit);

    /** Replaces everything recorded so far with {@code state}, mutations that rebuild the current state. */
    void compact(List<Mutation> state);

    @Override
    void close();
}
