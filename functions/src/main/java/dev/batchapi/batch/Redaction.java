package dev.batchapi.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a batch carries that is stored and passed to the engine but never shown nor logged as sent:
 * conf values whose keys look like credentials (Spark's default {@code spark.redaction.regex}, with
 * Spark's replacement text), and the credentials a resource URI may carry in its userinfo and query
 * (a presigned URL's signature, {@code https://user:password@host/…}).
 */
public final class Redaction {

    /** Spark's default spark.redaction.regex: conf keys whose values are secrets. */
    public static final Pattern SENSITIVE_KEY = Pattern.compile("(?i)secret|password|token|access[.]key");
    /** Spark's own replacement text (Utils.REDACTION_REPLACEMENT_TEXT). */
    public static final String REPLACEMENT = "*********(redacted)";
    /** What stands for a resource's query. */
    public static final String QUERY_REPLACEMENT = "?<redacted>";

    // scheme://userinfo@ : the userinfo ends at the last '@' before the path.
    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

    private Redaction() {
    }

    public static boolean isSensitive(String confKey) {
        return SENSITIVE_KEY.matcher(confKey).find();
    }

    /** The conf as it may be shown: every sensitive key's value replaced, in the same order. */
    public static Map<String, String> conf(Map<String, String> conf) {
        Map<String, String> shown = new LinkedHashMap<>();
        conf.forEach((key, value) -> shown.put(key, isSensitive(key) ? REPLACEMENT : value));
        return shown;
    }

    /**
     * The resource as it may be shown: a URI without its userinfo, and with {@value #QUERY_REPLACEMENT}
     * for its query (and what follows it); a path or a URI without either, as it is.
     */
    public static String resource(String resource) {
        String withoutUserInfo = USERINFO.matcher(resource).replaceFirst(match -> Matcher.quoteReplacement(match.group(1)));
        int query = withoutUserInfo.indexOf('?');
        return query < 0 ? withoutUserInfo : withoutUserInfo.substring(0, query) + QUERY_REPLACEMENT;
    }
}
