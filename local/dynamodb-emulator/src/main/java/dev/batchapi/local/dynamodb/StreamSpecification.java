package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * A table's stream as CreateTable declared it: off, or on with what each record carries of the item.
 *
 * @param viewType KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES; null when the stream is off
 */
record StreamSpecification(boolean enabled, String viewType) {

    static final StreamSpecification NONE = new StreamSpecification(false, null);
    static final String MEMBER = "StreamSpecification";

    private static final Set<String> VIEW_TYPES = Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES");

    /** The StreamSpecification member of a request; absent: no stream. */
    static StreamSpecification parse(Request request) {
        if (!request.has(MEMBER)) {
            return NONE;
        }
        Request member = request.nested(MEMBER);
        member.supporting(Set.of("StreamEnabled", "StreamViewType"));
        if (!member.has("StreamEnabled")) {
            throw ServiceErrors.validation("1 validation error detected: Value null at 'streamSpecification.streamEnabled'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        if (!member.bool("StreamEnabled", false)) {
            if (member.has("StreamViewType")) {
                throw ServiceErrors.validation("The StreamViewType cannot be specified when the stream is disabled");
            }
            return NONE;
        }
        if (!member.has("StreamViewType")) {
            throw ServiceErrors.validation("The StreamViewType must be specified when the stream is enabled");
        }
        return new StreamSpecification(true, member.choice("StreamViewType", "", VIEW_TYPES));
    }

    boolean carriesNewImage() {
        return "NEW_IMAGE".equals(viewType) || "NEW_AND_OLD_IMAGES".equals(viewType);
    }

    boolean carriesOldImage() {
        return "OLD_IMAGE".equals(viewType) || "NEW_AND_OLD_IMAGES".equals(viewType);
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("StreamEnabled", enabled);
        return enabled ? node.put("StreamViewType", viewType) : node;
    }
}
