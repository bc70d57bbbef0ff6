package dev.batchapi.batch;

import dev.batchapi.errors.BadRequestException;
import dev.batchapi.text.UnicodeText;
import dev.batchapi.text.Echo;
import java.util.Locale;
import java.util.Optional;

/**
 * A list request with its rules applied: blank filters mean "any", the batch type is matched in
 * upper case, {@code createTime} keeps batches created at or after it, {@code endTime} keeps batches
 * that ended at or before it (0 means no bound for both), a negative {@code from} counts as 0.
 */
public record ListQuery(
        Optional<String> batchType,
        Optional<BatchState> state,
        Optional<String> user,
        Optional<String> name,
        long createTimeFrom,
        long endTimeTo,
        int from,
        int size,
        boolean newestFirst) {

    public static final int DEFAULT_SIZE = 100;
    public static final int MAX_SIZE = 1000;
    /**
     * The deepest a page may reach, {@code from + size}: a list walks past every match before its page,
     * so an unbounded offset would make one call read the whole index (Elasticsearch's default result
     * window is the same).
     */
    public static final int MAX_WINDOW = 10_000;

    public ListQuery {
        if (createTimeFrom < 0) {
            throw new BadRequestException("Invalid time range: createTime must not be negative");
        }
        if (endTimeTo < 0) {
            throw new BadRequestException("Invalid time range: endTime must not be negative");
        }
        if (endTimeTo > 0 && endTimeTo < createTimeFrom) {
            throw new BadRequestException("Invalid time range: endTime " + endTimeTo
                    + " is before createTime " + createTimeFrom);
        }
        // Kyuubi's size=-1 ("all") is not offered: a call's cost must stay bounded.
        if (size < 0 || size > MAX_SIZE) {
            throw new BadRequestException("Invalid size " + size + ": size must be between 0 and " + MAX_SIZE);
        }
        from = Math.max(0, from);
        if ((long) from + size > MAX_WINDOW) {
            throw new BadRequestException("Invalid from " + from + " and size " + size + ": from + size must be at most "
                    + MAX_WINDOW + "; narrow the list with createTime, endTime or a filter instead");
        }
    }

    /** Builds a query from the raw filter texts of a request; null or blank means "any". */
    public static ListQuery of(
            String batchType, String batchState, String batchUser, String batchName,
            long createTime, long endTime, int from, int size, boolean desc) {
        return new ListQuery(
                present(batchType).map(type -> type.toUpperCase(Locale.ROOT)),
                present(batchState).map(ListQuery::state),
                present(batchUser),
                present(batchName),
                createTime, endTime, from, size, desc);
    }

    /**
     * Whether no batch can match: a type that is none of the engines, or a name or user longer than a
     * stored one can be. Such a value cannot be an index key either (DynamoDB refuses a Query whose key
     * is over its limit), so the store is not asked.
     */
    public boolean matchesNothing() {
        return batchType.filter(type -> BatchType.parse(type).isEmpty()).isPresent()
                || name.filter(text -> UnicodeText.utf8Length(text) > BatchRequestValidator.MAX_NAME_BYTES).isPresent()
                || user.filter(text -> UnicodeText.utf8Length(text) > Caller.MAX_USER_BYTES).isPresent();
    }

    /** How many matches the store must walk past before the page starts, plus the page. */
    public int reach() {
        return from + size;
    }

    private static BatchState state(String text) {
        return BatchState.parse(text).orElseThrow(() -> new BadRequestException("Invalid batchState " + Echo.of(text)
                + ": The valid batch state can be one of the following: " + BatchState.VALID_VALUES));
    }

    private static Optional<String> present(String value) {
        return Optional.ofNullable(value).filter(text -> !text.isEmpty());
    }
}
