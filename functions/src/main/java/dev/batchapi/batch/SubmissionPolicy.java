package dev.batchapi.batch;

import dev.batchapi.errors.BadRequestException;
import dev.batchapi.text.Echo;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a batch may carry on this deployment, the admin's choice: the batch types, the conf keys
 * (allowed and denied by pattern), the resource's URI schemes, and the built-in {@link PolicyRule}s
 * that stay on. Files uploaded with the create are always allowed: the API itself put them at the
 * upload location. Checked after validation, before anything is stored.
 */
public final class SubmissionPolicy {

    /** The defaults: every type and key, resources on S3 (and with every built-in rule on). */
    public static final Set<BatchType> ALL_TYPES = Set.copyOf(EnumSet.allOf(BatchType.class));
    public static final List<ConfKeyPattern> ANY_KEY = List.of(ConfKeyPattern.of("*"));
    public static final Set<String> S3 = Set.of("s3");
    /** The settings an admin changes, named in the messages so that a user can say what to change. */
    public static final String ALLOWED_TYPES_SETTING = "ALLOWED_BATCH_TYPES";
    public static final String ALLOWED_KEYS_SETTING = "ALLOWED_CONF_KEYS";
    public static final String DENIED_KEYS_SETTING = "DENIED_CONF_KEYS";
    public static final String ALLOWED_SCHEMES_SETTING = "ALLOWED_RESOURCE_SCHEMES";
    public static final String RELAXED_RULES_SETTING = "RELAXED_POLICY_RULES";

    private final Set<BatchType> allowedTypes;
    private final List<ConfKeyPattern> allowedKeys;
    private final List<ConfKeyPattern> deniedKeys;
    private final Set<String> allowedSchemes;
    private final List<PolicyRule> rules;

    /**
     * @param allowedSchemes lower case; {@code file} stands for a path without a scheme
     * @param relaxed the built-in rules switched off
     */
    public SubmissionPolicy(Set<BatchType> allowedTypes, List<ConfKeyPattern> allowedKeys,
            List<ConfKeyPattern> deniedKeys, Set<String> allowedSchemes, Set<PolicyRule> relaxed) {
        this.allowedTypes = Set.copyOf(allowedTypes);
        this.allowedKeys = List.copyOf(allowedKeys);
        this.deniedKeys = List.copyOf(deniedKeys);
        this.allowedSchemes = new TreeSet<>(allowedSchemes);
        this.rules = Arrays.stream(PolicyRule.values()).filter(rule -> !relaxed.contains(rule)).toList();
    }

    /**
     * Refuses, with a 400 naming the field and the rule, what the batch may not carry.
     *
     * @param resourceUploaded the resource is a file sent with the create (stored at the upload location)
     */
    public void check(Submission submission, boolean resourceUploaded) {
        BatchType type = submission.type();
        if (!allowedTypes.contains(type)) {
            throw new BadRequestException("batchType " + type + " is not allowed on this deployment: it allows "
                    + Arrays.stream(BatchType.values()).filter(allowedTypes::contains).map(Enum::name)
                            .collect(Collectors.joining(", ")) + " (" + ALLOWED_TYPES_SETTING + ")");
        }
        rules.stream().filter(rule -> rule.refusesType(type)).findFirst().ifPresent(rule -> {
            throw refused("batchType " + type, rule);
        });
        if (!resourceUploaded) {
            checkResource(new Location(submission.spec().resource()));
        }
        new TreeMap<>(submission.spec().conf()).forEach(this::checkConf);
        // Their values are the uploaded files' locations: only the keys can be refused.
        new TreeSet<>(submission.extraResources().keySet()).forEach(key -> checkConf(key, ""));
    }

    /**
     * A resource runs if the admin allows its scheme, or relaxed the built-in rule that covers it (a
     * path or {@code file:} is local-files', {@code https:} internet's): either is the admin's choice.
     */
    private void checkResource(Location resource) {
        String scheme = resource.scheme();
        if (allowedSchemes.contains(scheme)) {
            return;
        }
        String allowed = "this deployment runs resources of the schemes " + String.join(", ", allowedSchemes) + " ("
                + ALLOWED_SCHEMES_SETTING + ") and files uploaded with the create";
        Optional<PolicyRule> covering = Arrays.stream(PolicyRule.values())
                .filter(rule -> rule.refusesLocation(resource)).findFirst();
        if (covering.isEmpty()) {
            throw new BadRequestException("resource scheme " + Echo.of(scheme)
                    + " is not allowed: " + allowed);
        }
        PolicyRule rule = covering.get();
        if (rules.contains(rule)) {
            throw new BadRequestException("resource is not allowed: rule " + rule.ruleName() + " (" + rule.reason()
                    + "); " + allowed + "; an admin can relax it with " + RELAXED_RULES_SETTING + "=" + rule.ruleName());
        }
    }

    private void checkConf(String key, String value) {
        if (allowedKeys.stream().noneMatch(pattern -> pattern.matches(key))) {
            throw new BadRequestException("conf " + Echo.of(key) + " is not allowed on this deployment: it matches no pattern of "
                    + ALLOWED_KEYS_SETTING + " (" + patterns(allowedKeys) + ")");
        }
        deniedKeys.stream().filter(pattern -> pattern.matches(key)).findFirst().ifPresent(pattern -> {
            throw new BadRequestException("conf " + Echo.of(key) + " is not allowed on this deployment: it matches the pattern "
                    + pattern + " of " + DENIED_KEYS_SETTING);
        });
        rules.stream().filter(rule -> rule.refusesConf(key, value)).findFirst().ifPresent(rule -> {
            throw refused("conf " + Echo.of(key), rule);
        });
    }

    private static BadRequestException refused(String what, PolicyRule rule) {
        return new BadRequestException(what + " is not allowed: rule " + rule.ruleName() + " (" + rule.reason()
                + "); an admin can relax it with " + RELAXED_RULES_SETTING + "=" + rule.ruleName());
    }

    private static String patterns(List<ConfKeyPattern> patterns) {
        return Echo.of(patterns.stream().map(ConfKeyPattern::toString)
                .collect(Collectors.joining(", ")));
    }
}
