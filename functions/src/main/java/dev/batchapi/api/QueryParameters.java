package dev.batchapi.api;

import dev.batchapi.errors.BadRequestException;
import dev.batchapi.text.Echo;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Typed reading of query parameters: a value that is not of its type is a 400 naming it. */
final class QueryParameters {

    private final Map<String, String> values;

    QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    String string(String name) {
        return values.get(name);
    }

    int integer(String name, int defaultValue) {
        return number(name, defaultValue, Integer::parseInt);
    }

    long longInteger(String name, long defaultValue) {
        return number(name, defaultValue, Long::parseLong);
    }

    boolean bool(String name, boolean defaultValue) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw notA(name, value, "true or false");
        };
    }

    private <T> T number(String name, T defaultValue, Function<String, T> parse) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return parse.apply(value.trim());
        } catch (NumberFormatException e) {
            throw notA(name, value, "an integer");
        }
    }

    private static BadRequestException notA(String name, String value, String expected) {
        return new BadRequestException("Invalid " + name + ": '" + Echo.of(value) + "' is not " + expected);
    }
}
