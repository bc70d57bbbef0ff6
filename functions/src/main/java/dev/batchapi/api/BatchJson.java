package dev.batchapi.api;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchRequest;
import dev.batchapi.errors.BadRequestException;
import dev.batchapi.json.Json;
import dev.batchapi.json.JsonException;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.json.JsonNumber;
import dev.batchapi.text.Echo;
import dev.batchapi.text.UnicodeText;
import dev.batchapi.wire.KyuubiBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire format of the API: Kyuubi's BatchRequest parsed, its Batch lists ({@link KyuubiBatch} is one Batch). */
final class BatchJson {

    static final String DUPLICATED = "kyuubi.batch.duplicated";

    private BatchJson() {
    }

    static List<Map<String, Object>> batches(List<Batch> batches) {
        return batches.stream().map(batch -> KyuubiBatch.of(batch, Map.of())).toList();
    }

    /**
     * Parses a create body. Unknown fields are ignored (Kyuubi's clients send more than we read).
     *
     * @param what names the body in messages: the request body, or a part of it
     */
    static BatchRequest request(byte[] body, String what) {
        String text = UnicodeText.decodeUtf8(body)
                .orElseThrow(() -> new BadRequestException(what + " is not valid UTF-8"));
        if (text.isBlank()) {
            throw new BadRequestException("The request body is required: a JSON BatchRequest");
        }
        Object parsed;
        try {
            parsed = Json.parse(text, JsonLimits.REQUEST);
        } catch (JsonException e) {
            throw new BadRequestException(e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> fields)) {
            throw new BadRequestException("The request body must be a JSON object");
        }
        return new BatchRequest(
                string(fields, "batchType"),
                string(fields, "resource"),
                string(fields, "className"),
                string(fields, "name"),
                strings(fields.get("conf"), "conf"),
                args(fields.get("args")),
                strings(fields.get("extraResourcesMap"), "extraResourcesMap"));
    }

    private static String string(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new BadRequestException(name + " must be a string");
    }

    /** Kyuubi's conf and extraResourcesMap are maps of strings; numbers and booleans are taken as their text. */
    private static Map<String, String> strings(Object value, String field) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> entries)) {
            throw new BadRequestException(field + " must be a JSON object of strings");
        }
        Map<String, String> strings = new LinkedHashMap<>();
        entries.forEach((key, entry) -> strings.put((String) key, scalar(entry, field + " value of " + Echo.of((String) key))));
        return strings;
    }

    private static List<String> args(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new BadRequestException("args must be a JSON array of strings");
        }
        List<String> args = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            args.add(scalar(items.get(i), "args[" + i + "]"));
        }
        return args;
    }

    private static String scalar(Object value, String what) {
        if (value instanceof String || value instanceof JsonNumber || value instanceof Boolean) {
            return value.toString();
        }
        throw new BadRequestException(what + " must be a string, number or boolean"
                + (value == null ? ", not null" : ""));
    }
}
