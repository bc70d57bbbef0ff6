package dev.batchapi.batch;

import dev.batchapi.errors.BadRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The create rules. Everything here ends up as an argument of spark-submit or flink run, so besides
 * the required fields it makes sure no value can be read as an extra option: the resource cannot
 * start with '-', the class name is a Java name, conf keys are plain property names. Messages keep
 * Kyuubi's wording where Kyuubi has one, and always name the field.
 */
public final class BatchRequestValidator {

    static final int MAX_NAME_LENGTH = 1024;
    static final int MAX_RESOURCE_LENGTH = 2048;
    static final int MAX_CLASS_NAME_LENGTH = 1024;
    static final int MAX_CONF_ENTRIES = 256;
    static final int MAX_CONF_KEY_LENGTH = 256;
    static final int MAX_CONF_VALUE_LENGTH = 16 * 1024;
    static final int MAX_ARGS = 1000;

    private static final Pattern JAVA_CLASS_NAME =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                    + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
    // Spark/Flink property names: dotted words; '/' and ':' appear in Kubernetes label keys.
    private static final Pattern CONF_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-/:]*");

    public Submission validate(BatchRequest request) {
        BatchType type = batchType(request.batchType());
        String resource = resource(request.resource());
        String className = type.needsClassName() ? className(type, request.className()) : null;
        String name = name(request.name());
        if (request.conf().size() > MAX_CONF_ENTRIES) {
            throw new BadRequestException("conf has more than " + MAX_CONF_ENTRIES + " entries");
        }
        Map<String, String> engineConf = new LinkedHashMap<>();
        request.conf().forEach((key, value) -> {
            checkConfEntry(key, value);
            if (!ReservedConf.KEYS.contains(key)) {
                engineConf.put(key, value);
            }
        });
        checkArgs(request.args());
        return new Submission(
                type,
                name,
                new BatchSpec(resource, className, engineConf, request.args()),
                batchId(request.conf().get(ReservedConf.BATCH_ID)),
                proxyUser(request.conf()));
    }

    private static BatchType batchType(String text) {
        if (isBlank(text)) {
            throw new BadRequestException("batchType is a required parameter");
        }
        return BatchType.parse(text).orElseThrow(() -> new BadRequestException(
                "batchType " + abbreviate(text) + " is not in the supported list: " + BatchType.SUPPORTED));
    }

    private static String resource(String resource) {
        if (isBlank(resource)) {
            throw new BadRequestException("resource is a required parameter");
        }
        checkText("resource", resource, MAX_RESOURCE_LENGTH);
        if (resource.startsWith("-")) {
            throw new BadRequestException("resource must be a path or URI, not start with '-'");
        }
        return resource;
    }

    private static String className(BatchType type, String className) {
        if (isBlank(className)) {
            throw new BadRequestException("className is a required parameter for " + type);
        }
        if (className.length() > MAX_CLASS_NAME_LENGTH || !JAVA_CLASS_NAME.matcher(className).matches()) {
            throw new BadRequestException("className must be a fully qualified Java class name");
        }
        return className;
    }

    private static String name(String name) {
        // An empty name is no name: it could not be a key of the name index either.
        if (name == null || name.isEmpty()) {
            return null;
        }
        checkText("name", name, MAX_NAME_LENGTH);
        return name;
    }

    private static void checkConfEntry(String key, String value) {
        if (key.length() > MAX_CONF_KEY_LENGTH || !CONF_KEY.matcher(key).matches()) {
            throw new BadRequestException("conf key '" + abbreviate(key) + "' is not a valid property name"
                    + " (letters, digits and _ . - / :, not starting with - or .)");
        }
        if (value.length() > MAX_CONF_VALUE_LENGTH) {
            throw new BadRequestException("conf value of " + key + " is longer than "
                    + MAX_CONF_VALUE_LENGTH + " characters");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw new BadRequestException("conf value of " + key + " contains a control character");
        }
    }

    private static void checkArgs(List<String> args) {
        if (args.size() > MAX_ARGS) {
            throw new BadRequestException("args has more than " + MAX_ARGS + " entries");
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).indexOf('\0') >= 0) {
                throw new BadRequestException("args[" + i + "] contains a NUL character");
            }
        }
    }

    private static Optional<String> batchId(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(BatchIds.normalise(value).orElseThrow(() -> new BadRequestException(
                ReservedConf.BATCH_ID + "=" + abbreviate(value) + " must be an UUID")));
    }

    private static Optional<String> proxyUser(Map<String, String> conf) {
        return Optional.ofNullable(conf.get(ReservedConf.SESSION_PROXY_USER))
                .filter(user -> !user.isBlank())
                .or(() -> Optional.ofNullable(conf.get(ReservedConf.HIVE_PROXY_USER)))
                .filter(user -> !user.isBlank())
                .map(BatchRequestValidator::checkUserName);
    }

    /** A user name becomes an owner and a log field: one printable line. */
    private static String checkUserName(String user) {
        checkText("proxy user", user, 256);
        return user;
    }

    private static void checkText(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw new BadRequestException(field + " is longer than " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException(field + " contains a control character");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
