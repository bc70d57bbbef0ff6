package dev.batchapi.telemetry;

import dev.batchapi.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator's log: one JSON object per line on stdout (CloudWatch Logs on Lambda), with the
 * event name, the request id of the invocation and the facts given (batch id, user, step id, state).
 * Never given credentials or whole request bodies. With {@code LOG_FORMAT=text} (the local stack)
 * the same facts are written as {@code name=value} pairs, for a person watching a terminal.
 */
public final class OpsLog {

    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();
    /** Read once: a system property (set by the local stack's main) or the environment. */
    static final boolean TEXT = "text".equalsIgnoreCase(
            System.getProperty("batchapi.log.format", System.getenv().getOrDefault("LOG_FORMAT", "json")));

    private OpsLog() {
    }

    /** Tags every line this thread logs until {@link #endRequest()} with the invocation's id. */
    public static void beginRequest(String requestId) {
        REQUEST_ID.set(requestId);
    }

    public static void endRequest() {
        REQUEST_ID.remove();
    }

    /** @param facts alternating names and values */
    public static void info(String event, Object... facts) {
        write("INFO", event, null, facts);
    }

    public static void warn(String event, Throwable error, Object... facts) {
        write("WARN", event, error, facts);
    }

    public static void error(String event, Throwable error, Object... facts) {
        write("ERROR", event, error, facts);
    }

    private static void write(String level, String event, Throwable error, Object... facts) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        String requestId = REQUEST_ID.get();
        if (requestId != null) {
            line.put("requestId", requestId);
        }
        for (int i = 0; i + 1 < facts.length; i += 2) {
            Object value = facts[i + 1];
            line.put(String.valueOf(facts[i]), value == null || value instanceof Number || value instanceof Boolean
                    ? value
                    : String.valueOf(value));
        }
        if (error != null) {
            line.put("error", error.getClass().getName() + ": " + error.getMessage());
        }
        // System.out as it is now, not as it was when this class loaded: so a test can read the log.
        System.out.println(TEXT ? text(line) : Json.write(line));
    }

    private static String text(Map<String, Object> line) {
        StringBuilder text = new StringBuilder();
        line.forEach((name, value) -> {
            switch (name) {
                case "time" -> text.append(value);
                case "level" -> text.append(' ').append(String.format("%-5s", value));
                case "event" -> text.append(' ').append(value);
                default -> text.append(' ').append(name).append('=').append(value);
            }
        });
        return text.toString();
    }
}
