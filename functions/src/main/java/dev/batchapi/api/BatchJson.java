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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire format: Kyuubi's Batch and BatchRequest, field for field. */
public final class BatchJson {

    static final String DUPLICATED = "kyuubi.batch.duplicated";

    private BatchJson() {
    }

    /**
     * Kyuubi's Batch, every field present (null where unknown), in Kyuubi's field order.
     *
     * @param info its batchInfo: Kyuubi's map of strings
     */
    public static Map<String, Object> batch(Batch batch, Map<String, String> info) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", batch.id());
        json.put("user", batch.user());
        json.put("batchType", batch.batchType().name());
        json.put("name", batch.name());
        json.put("appStartTime", batch.app().appStartTime());
        json.put("appId", batch.app().appId());
        json.put("appUrl", batch.app().appUrl());
        json.put("appState", batch.app().appState() == null ? null : batch.app().appState().name());
        json.put("appDiagnostic", batch.app().appDiagnostic());
        json.put("kyuubiInstance", batch.kyuubiInstance());
        json.put("state", batch.state().name());
        json.put("createTime", batch.createTime());
        json.put("endTime", batch.endTime());
        json.put("batchInfo", info);
        return json;
    }

    static List<Map<String, Object>> batches(List<Batch> batches) {
        return batches.stream().map(batch -> batch(batch, Map.of())).toList();
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
