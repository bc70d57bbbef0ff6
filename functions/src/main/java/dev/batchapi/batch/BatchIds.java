package dev.batchapi.batch;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Batch ids are lower-case UUIDs; upper-case ones are accepted and answered in lower case. */
public final class BatchIds {

    // UUID.fromString accepts forms like "1-1-1-1-1"; an id must be the canonical 36 characters.
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private BatchIds() {
    }

    /** A fresh id; called per request, never at init, so SnapStart restores do not share one. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** The canonical lower-case form of a UUID, or empty if the text is not one. */
    public static Optional<String> normalise(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(text.toLowerCase(Locale.ROOT));
    }
}
