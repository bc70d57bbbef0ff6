package dev.batchapi.batch;

import dev.batchapi.errors.BadRequestException;
import dev.batchapi.text.Echo;
import dev.batchapi.text.UnicodeText;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The create rules. Everything here ends up as an argument of spark-submit or flink run, so besides
 * the required fields it makes sure no value can be read as an extra option: the resource cannot
 * start with '-', the class name is a Java name, conf keys are plain property names. One text rule
 * holds for every string: no C0 or C1 control character. Messages keep Kyuubi's wording where Kyuubi
 * has one, and always name the field.
 */
public final class BatchRequestValidator {

    static final int MAX_NAME_LENGTH = 1024;
    static final int MAX_RESOURCE_LENGTH = 2048;
    static final int MAX_CLASS_NAME_LENGTH = 1024;
    static final int MAX_CONF_ENTRIES = 256;
    static final int MAX_CONF_KEY_LENGTH = 256;
    static final int MAX_CONF_VALUE_LENGTH = 16 * 1024;
    static final int MAX_ARGS = 1000;
    static final int MAX_ARG_LENGTH = 64 * 1024;
    static final int MAX_USER_LENGTH = 256;
    /** DynamoDB's limit of an index's partition key: the name is the byName index's. */
    static final int MAX_NAME_BYTES = 2048;

    // Identifier characters that Java ignores (format characters such as U+200B) would make two
    // different-looking names the same class: not allowed.
    private static final String IDENTIFIER_PART = "[\\p{javaJavaIdentifierPart}&&[^\\p{javaIdentifierIgnorable}]]";
    private static final Pattern JAVA_CLASS_NAME = Pattern.compile("\\p{javaJavaIdentifierStart}" + IDENTIFIER_PART + "*"
            + "(\\.\\p{javaJavaIdentifierStart}" + IDENTIFIER_PART + "*)*");
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
        // Sorted only so that of two clashing keys the message always names the same one first.
        Map<String, String> conf = new TreeMap<>(request.conf());
        Map<String, String> engineConf = new HashMap<>();
        Map<String, String> givenAs = new HashMap<>();
        Map<ApiSetting, String> settings = new EnumMap<>(ApiSetting.class);
        conf.forEach((key, value) -> {
            checkConfKey("conf key", key);
            checkText("conf value of " + Echo.of(key), value, MAX_CONF_VALUE_LENGTH);
            if (ApiSetting.isApiKey(key)) {
                ApiSetting setting = ApiSetting.of(key);
                setting.check(value);
                settings.put(setting, value);
            } else if (!ReservedConf.isReserved(key)) {
                String engineKey = type.engineConfKey(key);
                String earlier = givenAs.putIfAbsent(engineKey, key);
                if (earlier != null) {
                    throw new BadRequestException("conf keys " + Echo.of(earlier) + " and " + Echo.of(key) + " both set "
                            + Echo.of(engineKey)
                            + " for " + type + ": give one of them");
                }
                engineConf.put(engineKey, value);
            }
        });
        checkArgs(request.args());
        return new Submission(
                type,
                name,
                new BatchSpec(resource, className, engineConf, request.args()),
                batchId(request.conf().get(ReservedConf.BATCH_ID)),
                proxyUser(request.conf()),
                extraResources(type, request.extraResources()),
                settings);
    }

    private static BatchType batchType(String text) {
        if (isBlank(text)) {
            throw new BadRequestException("batchType is a required parameter");
        }
        checkText("batchType", text, 64);
        return BatchType.parse(text).orElseThrow(() -> new BadRequestException(
                "batchType " + Echo.of(text) + " is not in the supported list: " + BatchType.SUPPORTED));
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
        checkText("className", className, MAX_CLASS_NAME_LENGTH);
        if (!JAVA_CLASS_NAME.matcher(className).matches()) {
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
        if (UnicodeText.utf8Length(name) > MAX_NAME_BYTES) {
            throw new BadRequestException("name is longer than " + MAX_NAME_BYTES + " bytes in UTF-8");
        }
        return name;
    }

    private static void checkConfKey(String field, String key) {
        checkText(field, key, MAX_CONF_KEY_LENGTH);
        if (!CONF_KEY.matcher(key).matches()) {
            throw new BadRequestException(field + " '" + Echo.of(key) + "' is not a valid property name"
                    + " (letters, digits and _ . - / :, not starting with - or .)");
        }
    }

    private static void checkArgs(List<String> args) {
        if (args.size() > MAX_ARGS) {
            throw new BadRequestException("args has more than " + MAX_ARGS + " entries");
        }
        for (int i = 0; i < args.size(); i++) {
            checkText("args[" + i + "]", args.get(i), MAX_ARG_LENGTH);
        }
    }

    /**
     * Kyuubi's extraResourcesMap: for each conf key (named as the engine will see it), the names of
     * the uploaded files its value lists; blank names are dropped, as Kyuubi drops them.
     */
    private static Map<String, List<String>> extraResources(BatchType type, Map<String, String> extraResources) {
        Map<String, List<String>> files = new HashMap<>();
        new TreeMap<>(extraResources).forEach((key, names) -> {
            checkConfKey("extraResourcesMap key", key);
            if (ReservedConf.isReserved(key)) {
                throw new BadRequestException("extraResourcesMap key " + Echo.of(key) + " is reserved: it takes no files");
            }
            checkText("extraResourcesMap value of " + Echo.of(key), names, MAX_CONF_VALUE_LENGTH);
            List<String> fileNames = new ArrayList<>();
            for (String fileName : names.split(",")) {
                if (!fileName.isBlank()) {
                    fileNames.add(ResourceFile.checkName("extraResourcesMap file of " + Echo.of(key), fileName.trim()));
                }
            }
            if (!fileNames.isEmpty()) {
                files.merge(type.engineConfKey(key), fileNames, (first, next) -> {
                    throw new BadRequestException("extraResourcesMap names two keys that both set "
                            + type.engineConfKey(key) + " for " + type + ": give one of them");
                });
            }
        });
        return files;
    }

    private static Optional<String> batchId(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(BatchIds.normalise(value).orElseThrow(() -> new BadRequestException(
                ReservedConf.BATCH_ID + "=" + Echo.of(value) + " must be an UUID")));
    }

    private static Optional<String> proxyUser(Map<String, String> conf) {
        return Optional.ofNullable(conf.get(ReservedConf.SESSION_PROXY_USER))
                .filter(user -> !user.isBlank())
                .or(() -> Optional.ofNullable(conf.get(ReservedConf.HIVE_PROXY_USER)))
                .filter(user -> !user.isBlank())
                .map(user -> checkText("proxy user", user, MAX_USER_LENGTH));
    }

    /** The one text rule: at most {@code maxLength} characters, none of them a control character. */
    static String checkText(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw new BadRequestException(field + " is longer than " + maxLength + " characters");
        }
        UnicodeText.firstControlCharacter(value).ifPresent(c -> {
            throw new BadRequestException(field + " contains a control character (" + UnicodeText.codePoint(c)
                    + "); control characters are not allowed");
        });
        return value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
