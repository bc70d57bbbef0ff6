package dev.batchapi.local.emr.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The ListSteps paging marker. EMR's marker is opaque; here it wraps the submission position the
 * next page starts below, so pages stay right while new steps are added in front (newest first).
 */
final class ListStepsMarker {

    private static final String PREFIX = "steps-before:";

    private ListStepsMarker() {
    }

    static String before(int position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
    }

    static int position(String marker) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (!text.startsWith(PREFIX)) {
                throw EmrErrors.invalidMarker(marker);
            }
            int position = Integer.parseInt(text.substring(PREFIX.length()));
            if (position < 0) {
                throw EmrErrors.invalidMarker(marker);
            }
            return position;
        } catch (IllegalArgumentException notOurs) {
            // Base64 and number parsing both fail with IllegalArgumentException.
            throw EmrErrors.invalidMarker(marker);
        }
    }
}
